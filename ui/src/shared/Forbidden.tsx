import { Link } from "react-router";
import type { Permission } from "../lib/ipc";
import { permissionLabel } from "./permissions";

/** Shown instead of a screen the user's role may not open; names the permission it needs. */
export function Forbidden({ what, permission }: { what: string; permission?: Permission | undefined }) {
  return (
    <div className="page" data-testid="forbidden">
      <h1>Not permitted</h1>
      <div className="empty-state">
        <p className="empty-title">Your role does not give access to {what}.</p>
        <div className="empty-body">
          If you need it for your work, ask a Sentia administrator to change your role or grant the permission
          {permission ? ` “${permissionLabel(permission)}”` : null}.
        </div>
        <div className="empty-action">
          <Link className="btn btn-secondary" to="/dashboard">
            Back to the dashboard
          </Link>
        </div>
      </div>
    </div>
  );
}
