import { ComingSoon } from "../../shared/ComingSoon";
import type { ScreenEntry } from "../../shared/screen";

function InventoryScreen() {
  return (
    <ComingSoon
      testId="inventory"
      title="Inventory"
      description="Stock levels, reorder points and safety stock per product and location will appear here. Until then, stock risks on the dashboard stay empty."
    />
  );
}

// No permission yet: the placeholder shows no data.
export const screen: ScreenEntry = { path: "/inventory", label: "Inventory", shortcut: "i", component: InventoryScreen };
