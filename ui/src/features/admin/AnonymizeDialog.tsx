import { type FormEvent, useState } from "react";
import { commands, type UserSummary } from "../../lib/ipc";
import type { UserError } from "../../shared/errors";
import { Button, Dialog, ErrorBanner, TextField } from "../../shared/ui";
import { useCommandCall } from "../../shared/call";

/** GDPR erasure is irreversible, so the admin types the username to confirm. */
export function AnonymizeDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserSummary;
  onClose: () => void;
  onDone: () => void;
}) {
  const call = useCommandCall();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const matches = typed.trim() === user.username;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!matches) return;
    setBusy(true);
    const res = await call(() => commands.anonymizeUser(user.userId), "anonymise the user");
    setBusy(false);
    if (res.ok) onDone();
    else setError(res.error);
  };

  return (
    <Dialog open title="Anonymise a departed user" onClose={onClose} testId="anonymize-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <p>
          This permanently replaces <strong>{user.displayName ?? user.username}</strong>'s name, username and email with
          an anonymous placeholder and deactivates the account. The audit log keeps its entries, linked to the anonymous
          record. <strong>This cannot be undone.</strong>
        </p>
        <TextField
          label={`Type the username “${user.username}” to confirm`}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          autoFocus
          data-testid="anonymize-confirm-input"
        />
        {error ? <ErrorBanner error={error} /> : null}
        <div className="dialog-footer">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy} disabled={!matches} data-testid="anonymize-confirm">
            Anonymise permanently
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
