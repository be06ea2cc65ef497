import { useState } from "react";
import { type InventoryItem, commands } from "../../lib/ipc";
import { permissionLabel } from "../../shared/permissions";
import { useCommandQuery } from "../../shared/query";
import { hasPermission, useSession } from "../../shared/session";
import { type TabDef, Tabs, useUrlTab } from "../../shared/Tabs";
import { ItemsPanel } from "./ItemsPanel";
import { OrdersPanel } from "./OrdersPanel";

type InventoryTab = "items" | "orders";

const TABS: readonly [TabDef<InventoryTab>, ...TabDef<InventoryTab>[]] = [
  { id: "items", label: "Items" },
  { id: "orders", label: "Replenishment orders" },
];

/**
 * Stock per product and location: its status, risk and the policy of the last planning run,
 * one item's plan with "what if" and projection, and the replenishment orders the runs
 * recommended, submitted by planners and approved within each approver's limit.
 */
export function InventoryScreen() {
  const { session } = useSession();
  const canRun = hasPermission(session, "forecast.run");
  const canApprove = hasPermission(session, "forecast.approve");
  const [tab, choose] = useUrlTab(TABS);
  // Rust names the base currency with the user's approval limit; values and costs are in it.
  const limit = useCommandQuery(["inventory", "approvalLimit"], commands.myApprovalLimit, "load your approval limit");
  // Kept here, so the open item is still open after a look at the orders.
  const [openItem, setOpenItem] = useState<InventoryItem | null>(null);

  return (
    <div className="page inventory" data-testid="inventory">
      <h1>Inventory</h1>
      <PermissionNote canRun={canRun} canApprove={canApprove} />
      <Tabs name="inventory" label="Inventory" tabs={TABS} current={tab} onChoose={choose}>
        {tab === "items" ? (
          <ItemsPanel canRun={canRun} currency={limit.data?.currency} openItem={openItem} onOpen={setOpenItem} />
        ) : (
          <OrdersPanel canRun={canRun} canApprove={canApprove} limit={limit} />
        )}
      </Tabs>
    </div>
  );
}

/** Says which actions the user's role leaves out, instead of showing buttons that would be refused. */
function PermissionNote({ canRun, canApprove }: { canRun: boolean; canApprove: boolean }) {
  if (canRun && canApprove) return null;
  const missing = [
    canRun ? null : `running planning and submitting orders needs “${permissionLabel("forecast.run")}”`,
    canApprove ? null : `approving and rejecting orders needs “${permissionLabel("forecast.approve")}”`,
  ].filter(Boolean);
  return (
    <p className="muted" data-testid="inventory-permission-note">
      You can read every item, plan and order; {missing.join(", and ")}.
    </p>
  );
}
