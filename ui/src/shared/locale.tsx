import { createContext, useContext } from "react";

export interface LocaleSettings {
  /** BCP 47 tag used for numbers and dates. */
  locale: string;
  /** IANA zone; undefined means the machine's zone (before anyone has signed in). */
  timeZone: string | undefined;
}

export function machineLocale(): LocaleSettings {
  return { locale: navigator.language || "en-GB", timeZone: undefined };
}

/** Keeps a locale only if Intl knows it, so a bad preference never breaks every formatter. */
export function safeLocale(tag: string | null | undefined): string {
  if (!tag) return navigator.language || "en-GB";
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0 ? tag : navigator.language || "en-GB";
  } catch {
    return navigator.language || "en-GB";
  }
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
