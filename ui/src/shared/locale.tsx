import { createContext, useContext } from "react";

export interface LocaleSettings {
  /** BCP 47 tag used for numbers and dates. */
  locale: string;
  /** IANA zone; undefined means the machine's zone (before anyone has signed in). */
  timeZone: string | undefined;
}

/** Used when neither the user's preference nor the machine names a locale Intl knows. */
export const FALLBACK_LOCALE = "en-GB";

function isKnownLocale(tag: string | null | undefined): tag is string {
  if (!tag) return false;
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    // Not a BCP 47 tag at all, e.g. "C" from a machine without a LANG setting.
    return false;
  }
}

/** The machine's locale before anyone has signed in. */
export function machineLocale(): LocaleSettings {
  return { locale: safeLocale(undefined), timeZone: undefined };
}

/**
 * The preferred tag if Intl knows it, else the machine's, else {@link FALLBACK_LOCALE}:
 * every formatter throws on an unknown tag, so one bad value would break every screen.
 */
export function safeLocale(tag: string | null | undefined, machine: string | undefined = globalThis.navigator?.language): string {
  if (isKnownLocale(tag)) return tag;
  if (isKnownLocale(machine)) return machine;
  return FALLBACK_LOCALE;
}

export function safeTimeZone(zone: string | null | undefined): string | undefined {
  if (!zone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return undefined;
  }
}

export const LocaleContext = createContext<LocaleSettings>({ locale: "en-GB", timeZone: undefined });

export function useLocale(): LocaleSettings {
  return useContext(LocaleContext);
}
