import type { ScreenEntry } from "../../shared/screen";
import { CatalogScreen } from "./CatalogScreen";

// Everyone who sees the dashboard reads the catalog that feeds it; changing it needs
// catalog.manage, which the screen checks per control (and Rust and the database enforce).
export const screen: ScreenEntry = {
  path: "/catalog",
  label: "Catalog",
  shortcut: "c",
  permission: "dashboard.view",
  component: CatalogScreen,
};
