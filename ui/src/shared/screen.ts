import type { ComponentType, LazyExoticComponent } from "react";
import type { Permission } from "../lib/ipc";

/**
 * What a feature tells the shell about its screen. Each feature folder exports one; the list of
 * them is `src/app/screens.ts`, from which the shell builds the navigation, the routes, the
 * "g x" shortcuts and their help. Adding a screen is a folder and a line in that list.
 */
export interface ScreenEntry {
  /** The hash route, e.g. "/working-capital". Its last part names the test ids: `nav-working-capital`. */
  path: string;
  /** The navigation link's text; also "Go to …" in the shortcut help. */
  label: string;
  /** The second key of the "g x" shortcut that opens the screen. */
  shortcut: string;
  /**
   * Without it the link is hidden and the route shows "Not permitted". Rust checks every command
   * anyway; this only keeps people from screens that would refuse them.
   */
  permission?: Permission;
  /** What the user has no access to, for "Not permitted": "administration". */
  forbiddenName?: string;
  /**
   * The screen, `lazy`: its code loads when it is first opened, so the window holds only what it has
   * shown (the memory of a long day on the dashboard). `loadingLabel` shows meanwhile.
   */
  component: LazyExoticComponent<ComponentType>;
  loadingLabel: string;
}
