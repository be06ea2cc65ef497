import { type FormEvent, useEffect, useMemo, useState } from "react";
import { commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { capitalise } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useSession } from "../../shared/session";
import { type ThemePreference, useTheme } from "../../shared/theme";
import { Button, Dialog, ErrorBanner, Loading, SelectField } from "../../shared/ui";
import {
  type PreferenceKey,
  type Preferences,
  changedPreferences,
  localeChoices,
  localeName,
  storedPreferences,
  timeZoneChoices,
} from "./preferences";
import { SETTINGS_KEY } from "./settings";
import { OfflineCacheSection } from "./OfflineCache";

const LABELS: Record<PreferenceKey, string> = {
  locale: "Language and number format",
  time_zone: "Time zone",
  theme: "Colour theme",
};

const THEME_LABELS: Record<ThemePreference, string> = { system: "Same as the system", light: "Light", dark: "Dark" };

/** What a saved preference changes in this window at once: the theme, or the locale and zone. */
function useApplyPreference() {
  const { prefer } = useSession();
  const { choose } = useTheme();
  return (key: PreferenceKey, value: string) => {
    if (key === "theme") choose(value as ThemePreference);
    else if (key === "locale") prefer({ language: value });
    else prefer({ timezone: value });
  };
}

/**
 * Applies the preferences the signed-in user has stored (theme, language, time zone) when the
 * shell opens, and again whenever the settings list is read anew (after a change). Renders
 * nothing; a user without them keeps the account's language and zone and this machine's theme.
 */
export function ApplyStoredPreferences() {
  const { session, prefer } = useSession();
  const { choose } = useTheme();
  const list = useCommandQuery(SETTINGS_KEY, commands.listSettings, "load your preferences");
  const stored = useMemo(() => (list.data ? storedPreferences(list.data, session.userId) : {}), [list.data, session.userId]);
  const { locale, time_zone: zone, theme } = stored;
  useEffect(() => {
    if (locale || zone) prefer({ ...(locale ? { language: locale } : {}), ...(zone ? { timezone: zone } : {}) });
  }, [locale, zone, prefer]);
  useEffect(() => {
    if (theme) choose(theme);
  }, [theme, choose]);
  return null;
}

/** The signed-in user's own preferences, from the user menu; open to every role. */
export function PreferencesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} title="Preferences" onClose={onClose} testId="preferences-dialog">
      <PreferencesForm onClose={onClose} />
    </Dialog>
  );
}

function PreferencesForm({ onClose }: { onClose: () => void }) {
  const { session } = useSession();
  const { locale, timeZone } = useLocale();
  const { preference } = useTheme();
  const call = useCommandCall();
  const apply = useApplyPreference();
  const list = useCommandQuery(SETTINGS_KEY, commands.listSettings, "load your preferences");
  // What this window shows now: the form starts from it.
  const [effective] = useState<Preferences>(() => ({ locale, time_zone: timeZone ?? session.timezone, theme: preference }));
  const [form, setForm] = useState<Preferences>(effective);
  const [errors, setErrors] = useState<Partial<Record<PreferenceKey, string>>>({});
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const zones = useMemo(() => timeZoneChoices(form.time_zone), [form.time_zone]);

  // Saving writes what differs from what is stored (or, where nothing is, from what is shown).
  const baseline = useMemo<Preferences>(
    () => ({ ...effective, ...(list.data ? storedPreferences(list.data, session.userId) : {}) }),
    [effective, list.data, session.userId],
  );

  const set = (key: PreferenceKey, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((x) => ({ ...x, [key]: undefined }));
    setSaved(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const changes = changedPreferences(baseline, form);
    setError(null);
    setErrors({});
    if (changes.length === 0) {
      setSaved("Nothing to save: these are your preferences already.");
      return;
    }
    setBusy(true);
    // One call per preference: each is its own setting with its own version.
    for (const [key, value] of changes) {
      const res = await call(() => commands.setMyPreference(key, value), `save your ${LABELS[key].toLowerCase()}`);
      if (!res.ok) {
        setBusy(false);
        if (res.raw.kind === "validation" && res.raw.field === "value") {
          setErrors({ [key]: `${capitalise(res.raw.message.trim().replace(/\.$/, ""))}.` });
        } else setError(res.error);
        // What was saved before the refusal is stored: read the list so the baseline knows.
        await list.refetch();
        return;
      }
      apply(key, res.data.value);
    }
    await list.refetch();
    setBusy(false);
    setSaved(`Saved: ${changes.map(([k]) => LABELS[k].toLowerCase()).join(", ")}.`);
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {list.loading ? <Loading label="Reading your preferences…" /> : null}
      <SelectField
        label={LABELS.locale}
        value={form.locale}
        error={errors.locale}
        onChange={(e) => set("locale", e.target.value)}
        hint="How numbers and dates are written."
        data-testid="preference-locale"
      >
        {localeChoices(form.locale).map((l) => (
          <option key={l} value={l}>
            {localeName(l, locale)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={LABELS.time_zone}
        value={form.time_zone}
        error={errors.time_zone}
        onChange={(e) => set("time_zone", e.target.value)}
        hint="Times of changes and today's date are shown in it."
        data-testid="preference-time-zone"
      >
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={LABELS.theme}
        value={form.theme}
        error={errors.theme}
        onChange={(e) => set("theme", e.target.value)}
        data-testid="preference-theme"
      >
        {(Object.keys(THEME_LABELS) as ThemePreference[]).map((t) => (
          <option key={t} value={t}>
            {THEME_LABELS[t]}
          </option>
        ))}
      </SelectField>
      <p className="muted">Kept with your account, so they follow you to another computer.</p>
      <OfflineCacheSection />
      {error ? <ErrorBanner error={error} testId="preferences-error" /> : null}
      {saved ? (
        <p className="banner banner-success" role="status" data-testid="preferences-saved">
          {saved}
        </p>
      ) : null}
      <div className="dialog-footer">
        <Button onClick={onClose} data-testid="preferences-close">
          {saved ? "Close" : "Cancel"}
        </Button>
        <Button type="submit" variant="primary" busy={busy} data-testid="preferences-save">
          Save
        </Button>
      </div>
    </form>
  );
}
