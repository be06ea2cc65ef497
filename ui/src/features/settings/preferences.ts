// A user's own preferences (settings `preferences.*` stored for them): which are stored, what
// a form changed, and the choices it offers. Pure, so it is tested without a window.

import type { SettingView } from "../../lib/ipc";
import type { ThemePreference } from "../../shared/theme";

/** The preferences the Preferences dialog edits, by their setting key. */
export interface Preferences {
  locale: string;
  time_zone: string;
  theme: ThemePreference;
}

export type PreferenceKey = keyof Preferences;

/** In the order the dialog shows and saves them. */
export const PREFERENCE_KEYS: readonly PreferenceKey[] = ["locale", "time_zone", "theme"];

const THEMES: readonly ThemePreference[] = ["system", "light", "dark"];

/**
 * What `userId` has stored for themselves. An admin's list also holds other people's
 * preferences, so rows are picked by scope id, not only by scope.
 */
export function storedPreferences(rows: readonly SettingView[], userId: string): Partial<Preferences> {
  const out: Partial<Preferences> = {};
  for (const r of rows) {
    if (r.category !== "preferences" || r.scope !== "user" || r.scopeId !== userId || r.id === null) continue;
    if (r.key === "locale" || r.key === "time_zone") out[r.key] = r.value;
    else if (r.key === "theme" && (THEMES as readonly string[]).includes(r.value)) out.theme = r.value as ThemePreference;
  }
  return out;
}

/** The fields of `form` that differ from `initial`, in saving order. */
export function changedPreferences(initial: Preferences, form: Preferences): [PreferenceKey, string][] {
  return PREFERENCE_KEYS.filter((k) => form[k].trim() !== initial[k]).map((k) => [k, form[k].trim()]);
}

/** The IANA zones this engine knows, with `current` kept when it is not among them. */
export function timeZoneChoices(current: string, known: readonly string[] = supportedTimeZones()): string[] {
  const zones = [...known];
  if (current && !zones.includes(current)) zones.unshift(current);
  return zones;
}

function supportedTimeZones(): string[] {
  // Intl.supportedValuesOf is in every engine Tauri 2 runs on; without it the form still
  // offers the zone in use.
  try {
    return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  } catch {
    return [];
  }
}

/** Locales offered for numbers and dates (Sentia's markets), with `current` kept when it is another. */
export function localeChoices(current: string): string[] {
  const locales = ["en-GB", "en-US", "en-IE", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL"];
  if (current && !locales.includes(current)) locales.unshift(current);
  return locales;
}

/** "en-GB" → "British English (en-GB)", in the user's language; the tag alone where Intl cannot name it. */
export function localeName(tag: string, displayLocale: string): string {
  try {
    const name = new Intl.DisplayNames([displayLocale], { type: "language" }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}
