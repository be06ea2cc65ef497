import { Link } from "react-router";

/** A screen that is planned but not built: says so plainly, with no sample figures. */
export function ComingSoon({ title, description, testId }: { title: string; description: string; testId: string }) {
  return (
    <div className="page" data-testid={testId}>
      <h1>{title}</h1>
      <div className="empty-state">
        <p className="empty-title">{title} is coming in a later release.</p>
        <div className="empty-body">{description}</div>
        <div className="empty-action">
          <Link className="btn btn-secondary" to="/dashboard">
            Go to the dashboard
          </Link>
        </div>
      </div>
    </div>
  );
}
