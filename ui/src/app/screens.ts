import { screen as admin } from "../features/admin/screen";
import { screen as catalog } from "../features/catalog/screen";
import { screen as dashboard } from "../features/dashboard/screen";
import { screen as forecasts } from "../features/forecasts/screen";
import { screen as importScreen } from "../features/import/screen";
import { screen as inventory } from "../features/inventory/screen";
import { screen as production } from "../features/production/screen";
import { screen as settings } from "../features/settings/screen";
import { screen as workingCapital } from "../features/working-capital/screen";
import type { Permission } from "../lib/ipc";
import type { ScreenEntry } from "../shared/screen";

/** Every screen of the shell, in navigation order. A new screen is one line here. */
export const SCREENS: readonly ScreenEntry[] = [dashboard, catalog, importScreen, forecasts, inventory, production, workingCapital, admin, settings];

/** Where "/" and unknown routes lead (sign-in starts at "/"). */
export const HOME = dashboard.path;

/** The screens a user with these permissions may open: the navigation, shortcuts and help list them. */
export function allowedScreens(screens: readonly ScreenEntry[], permissions: readonly Permission[]): ScreenEntry[] {
  return screens.filter((s) => mayOpen(s, permissions));
}

export function mayOpen(screen: ScreenEntry, permissions: readonly Permission[]): boolean {
  return screen.permission === undefined || permissions.includes(screen.permission);
}

/** The screen a completed "g x" sequence opens, if any. */
export function screenForSequence(screens: readonly ScreenEntry[], sequence: string): ScreenEntry | undefined {
  return screens.find((s) => `g ${s.shortcut}` === sequence);
}

/** The navigation link's test id, from the route: "/working-capital" → "nav-working-capital". */
export function navTestId(screen: ScreenEntry): string {
  return `nav-${screen.path.replace(/^\//, "")}`;
}
