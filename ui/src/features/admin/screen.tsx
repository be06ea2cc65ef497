import type { ScreenEntry } from "../../shared/screen";
import { AdminScreen } from "./AdminScreen";

// The admin pages follow the permission matrix in Rust (admin.view), not a role name, so a
// per-user override or a matrix change needs no UI change.
export const screen: ScreenEntry = {
  path: "/admin",
  label: "Admin",
  shortcut: "a",
  permission: "admin.view",
  forbiddenName: "administration",
  component: AdminScreen,
};
