import { useContext, useEffect, useState } from "react";
import { oldestAsOf, useConnectivity } from "../shared/connectivity";
import { formatDateTime, formatTime } from "../shared/format";
import { useLocale } from "../shared/locale";
import { SessionContext } from "../shared/session";

// Rust queues forecast overrides made offline (and applies them when the server answers);
// every other change needs the server.
const CHANGES_OFFLINE =
  "Forecast overrides are kept on this computer and sent when it answers again; other changes are disabled until then.";

/** How long "Back online — refreshing." stays once the server answers again. */
export const ONLINE_NOTICE_MS = 6_000;

/**
 * At the top of the main area while the server cannot be reached: since when, how old the
 * reports shown from this computer are, and that forecast overrides are kept until it answers
 * while other changes are disabled. Once it answers again, a short notice that every screen
 * is being refreshed. Both are polite live regions: read out when they change, never taking
 * the keyboard away from the screen.
 */
export function ConnectivityBanner() {
  const { online, since, servedFromCache } = useConnectivity();
  const { locale, timeZone } = useLocale();
  const signedInOffline = useContext(SessionContext);
  // The moment the connection came back, while its notice shows (kept from the render that
  // saw the change, so the notice needs no effect to appear).
  const [seen, setSeen] = useState({ online, since });
  const [backSince, setBackSince] = useState<Date | null>(null);
  if (seen.online !== online || seen.since !== since) {
    setSeen({ online, since });
    setBackSince(online && !seen.online ? since : null);
  }

  useEffect(() => {
    if (!backSince) return;
    const timer = window.setTimeout(() => setBackSince(null), ONLINE_NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [backSince]);

  if (!online) {
    const asOf = oldestAsOf(servedFromCache);
    return (
      <div className="banner banner-warning connectivity-banner" role="status" data-testid="offline-banner">
        <p>
          <strong>
            Offline{since ? ` since ${formatTime(since, locale, timeZone)}` : ""}
          </strong>{" "}
          — the server cannot be reached.{" "}
          {asOf ? (
            <>
              Showing reports kept on this computer as of{" "}
              <span data-testid="offline-as-of">{formatDateTime(asOf, locale, timeZone)}</span>. {CHANGES_OFFLINE}
            </>
          ) : (
            <>Reports you have opened before are shown from this computer. {CHANGES_OFFLINE}</>
          )}
        </p>
      </div>
    );
  }
  if (signedInOffline?.session.offline) {
    // The session was opened without the server: its token is valid nowhere, so live
    // figures and changes need a new sign-in.
    return (
      <div className="banner banner-warning connectivity-banner" role="status" data-testid="offline-session">
        <p>
          The server answers again. You signed in without it, so you see the reports kept on this computer:{" "}
          <button type="button" className="link-button" onClick={() => void signedInOffline.signOut()} data-testid="offline-session-sign-in">
            sign in again
          </button>{" "}
          for live figures and to make changes.
        </p>
      </div>
    );
  }
  if (backSince) {
    return (
      <div className="banner banner-success connectivity-banner" role="status" data-testid="online-notice">
        <p>Back online — refreshing.</p>
      </div>
    );
  }
  return null;
}
