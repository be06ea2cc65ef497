import { useRef, useState } from "react";
import type { AvailableUpdate, UpdateCheck } from "../../lib/ipc";
import { useLocale } from "../../shared/locale";
import { Button, Dialog } from "../../shared/ui";
import { type InstallState, downloadPercent, megabytes, publishedText, sourceText } from "./updates";
import type { Updater } from "./useUpdater";

/**
 * A newer release, when IT's update server has one: a banner at the top of the main area
 * (What's new, Install now, Later), or, when IT requires the release, a dialog that cannot be
 * put off. Nothing shows when IT named no update server or there is nothing newer.
 */
export function UpdateNotifier({ updater }: { updater: Updater }) {
  const [notesOpen, setNotesOpen] = useState(false);
  const bannerRef = useRef<HTMLDivElement>(null);
  const { check, hidden, install } = updater;
  const available = check?.source ? check.available : null;
  if (!check || !available) return null;

  if (available.mandatory) return <MandatoryUpdate check={check} available={available} updater={updater} />;
  if (hidden) return null;

  const startInstall = () => {
    // The button goes away; keep the keyboard in the banner, which says how it is going.
    bannerRef.current?.focus();
    void updater.startInstall();
  };
  const offer = install.kind === "idle" || install.kind === "failed";
  return (
    <>
      <div ref={bannerRef} className="banner banner-info update-banner" role="status" tabIndex={-1} data-testid="update-banner">
        <p data-testid="update-message">
          {install.kind === "installed" ? (
            <strong>Installed — restart to use Sentia {available.version}</strong>
          ) : (
            <>
              <strong>Sentia {available.version} is available</strong> (you have {check.currentVersion}).
            </>
          )}
        </p>
        <InstallStatus install={install} />
        <div className="form-actions">
          {offer ? (
            <>
              <Button variant="ghost" onClick={() => setNotesOpen(true)} data-testid="update-whats-new">
                What&rsquo;s new
              </Button>
              <Button variant="primary" onClick={startInstall} data-testid="update-install">
                Install now
              </Button>
              <Button onClick={updater.later} data-testid="update-later">
                Later
              </Button>
            </>
          ) : null}
          {install.kind === "installed" ? (
            <>
              <Button variant="primary" busy={install.restarting} onClick={() => void updater.restart()} data-testid="update-restart">
                Restart now
              </Button>
              <Button onClick={updater.later} disabled={install.restarting} data-testid="update-later">
                Later
              </Button>
            </>
          ) : null}
        </div>
        {install.kind === "installed" ? <p className="muted">Later: the new version runs the next time Sentia starts.</p> : null}
      </div>
      {/* Outside the banner, so that its live region does not read the notes out. */}
      <Dialog
        open={notesOpen}
        title={`What’s new in Sentia ${available.version}`}
        onClose={() => setNotesOpen(false)}
        testId="update-notes"
        footer={
          <Button variant="primary" onClick={() => setNotesOpen(false)} data-testid="update-notes-close">
            Close
          </Button>
        }
      >
        <ReleaseNotes available={available} />
      </Dialog>
    </>
  );
}

/** IT requires the release: a dialog with its notes and Install now, which Escape does not close. */
function MandatoryUpdate({ check, available, updater }: { check: UpdateCheck; available: AvailableUpdate; updater: Updater }) {
  const { install } = updater;
  const statusRef = useRef<HTMLDivElement>(null);
  const offer = install.kind === "idle" || install.kind === "failed";
  const startInstall = () => {
    // The button goes away; keep the keyboard in the dialog, on how it is going.
    statusRef.current?.focus();
    void updater.startInstall();
  };
  return (
    <Dialog
      open
      dismissible={false}
      title="Update required"
      // Only installing (and restarting) ends it.
      onClose={() => {}}
      testId="update-mandatory"
      footer={
        <>
          {offer ? (
            <Button variant="primary" onClick={startInstall} data-testid="update-install">
              Install now
            </Button>
          ) : null}
          {install.kind === "installed" ? (
            <Button variant="primary" busy={install.restarting} onClick={() => void updater.restart()} data-testid="update-restart">
              Restart now
            </Button>
          ) : null}
        </>
      }
    >
      <p data-testid="update-message">
        {install.kind === "installed" ? (
          <strong>Installed — restart to use Sentia {available.version}</strong>
        ) : (
          <>
            Your IT department requires Sentia {available.version} (you have {check.currentVersion}). Install it to carry on
            working; it runs once Sentia restarts.
          </>
        )}
      </p>
      <div ref={statusRef} role="status" tabIndex={-1}>
        <InstallStatus install={install} />
      </div>
      <h3>What&rsquo;s new</h3>
      <ReleaseNotes available={available} />
    </Dialog>
  );
}

/** How the install is going: the download's bar, Verified, or what went wrong. */
function InstallStatus({ install }: { install: InstallState }) {
  const { locale } = useLocale();
  switch (install.kind) {
    case "idle":
      return null;
    case "downloading": {
      const percent = downloadPercent(install.received, install.total);
      const amount = percent === null ? `${megabytes(install.received, locale)} received` : `${percent}%`;
      return (
        <div className="update-progress">
          <p data-testid="update-stage">Downloading the update…</p>
          {/* Without a value the bar is indeterminate: the server did not say the size. */}
          <progress
            max={100}
            {...(percent === null ? {} : { value: percent, "aria-valuenow": percent })}
            aria-label="Update download"
            aria-valuetext={amount}
            data-testid="update-progress"
          />{" "}
          <span aria-hidden="true" data-testid="update-percent">
            {amount}
          </span>
        </div>
      );
    }
    case "verified":
      return <p data-testid="update-stage">Verified — the package is signed by Sentia. Installing…</p>;
    case "installed":
      return install.error ? (
        <p className="field-error" role="alert" data-testid="update-error">
          {install.error}
        </p>
      ) : null;
    case "failed":
      return (
        <p className="field-error" role="alert" data-testid="update-error">
          {install.message}
        </p>
      );
  }
}

/** The release's date and notes, as plain text with their line breaks. */
function ReleaseNotes({ available }: { available: AvailableUpdate }) {
  const { locale, timeZone } = useLocale();
  return (
    <>
      {available.published ? (
        <p className="muted" data-testid="update-published">
          Published {publishedText(available.published, locale, timeZone)}
        </p>
      ) : null}
      {available.notes?.trim() ? (
        <div className="update-notes-text" data-testid="update-notes-text">
          {available.notes}
        </div>
      ) : (
        <p className="muted" data-testid="update-notes-text">
          This release came without notes.
        </p>
      )}
    </>
  );
}

/** The About line under the version: where updates come from, once a check has said. */
export function UpdateSourceLine({ check }: { check: UpdateCheck | null }) {
  if (!check) return null;
  return (
    <span className="muted update-source" data-testid="update-source">
      {sourceText(check)}
    </span>
  );
}
