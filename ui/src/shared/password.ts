// The rules of a new password as the forms apply them. Used by the sign-in step after a reset,
// the change-password dialog and the admin's forms that set a temporary password.

/** The fields of a password form, named as Rust names them in validation errors. */
export type PasswordField = "currentPassword" | "newPassword" | "confirmPassword";

export interface PasswordChange {
  /** Absent when the form does not ask for it (an admin setting someone else's password). */
  current?: string;
  next: string;
  /** Absent when the form has no confirmation field. */
  confirm?: string;
}

export type PasswordErrors = Partial<Record<PasswordField, string>>;

/**
 * What can be told before asking Rust: every field filled in, the two new entries equal and
 * different from the current one. Length and the user-name rule are Rust's alone, because the
 * minimum length is a database setting the UI does not know.
 */
export function checkPasswordChange(v: PasswordChange): PasswordErrors {
  const e: PasswordErrors = {};
  if (v.current !== undefined && !v.current) e.currentPassword = "Enter your current password.";
  if (!v.next) e.newPassword = "Enter a new password.";
  else if (v.current && v.next === v.current) e.newPassword = "Choose a password different from the current one.";
  if (v.confirm !== undefined) {
    if (!v.confirm) e.confirmPassword = "Enter the new password again.";
    else if (v.next && v.confirm !== v.next) e.confirmPassword = "The two new passwords do not match.";
  }
  return e;
}

/** The first field, in form order, that has an error: where focus goes. */
export function firstInvalid(errors: PasswordErrors): PasswordField | undefined {
  return (["currentPassword", "newPassword", "confirmPassword"] as const).find((f) => errors[f] !== undefined);
}

/** Labels for the fields Rust names in its validation errors. */
export const PASSWORD_LABELS: Record<PasswordField, string> = {
  currentPassword: "Current password",
  newPassword: "New password",
  confirmPassword: "Confirm new password",
};

/**
 * The rules Rust applies to every new password, worded for whose password it is. `minLength` is
 * the database's `security.password.min_length`, unnamed until it has been read.
 */
export function passwordRules(whose: "own" | "other", username = "", minLength?: number): string {
  const name = whose === "own" ? "your user name" : username ? `the user name “${username}”` : "the person's user name";
  const length =
    minLength === undefined ? "Your organisation sets the minimum length" : `At least ${minLength} characters`;
  return `${length}; the password must not contain ${name}.`;
}
