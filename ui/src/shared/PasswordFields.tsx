import type { ReactNode, Ref } from "react";
import { commands } from "../lib/ipc";
import { PASSWORD_LABELS, type PasswordErrors, passwordRules } from "./password";
import { useCommandQuery } from "./query";
import { TextField } from "./ui";

/**
 * The password rules as a sentence, with the minimum length from the database once read. While
 * it loads, or if it cannot be read, the sentence leaves the number out: Rust still checks it.
 */
export function usePasswordRules(whose: "own" | "other", username = ""): string {
  const policy = useCommandQuery(["passwordPolicy"], () => commands.passwordPolicy(), "read the password rules");
  return passwordRules(whose, username, policy.data?.minLength);
}

export interface NewPassword {
  next: string;
  /** Absent when the form has no confirmation field. */
  confirm?: string;
}

/**
 * The new-password field, with its confirmation when `value.confirm` is given, and the rules
 * Rust applies as the hint. Every form that sets a password uses it, so the wording of the
 * rules and the field names Rust reports errors on stay the same everywhere.
 */
export function PasswordFields({
  value,
  onChange,
  errors,
  testIds,
  label = PASSWORD_LABELS.newPassword,
  hint,
  names,
  reveal = false,
  nextRef,
  confirmRef,
  autoFocus,
}: {
  value: NewPassword;
  /** One field was edited; the caller stores the text and clears that field's error. */
  onChange: (field: "newPassword" | "confirmPassword", text: string) => void;
  errors: PasswordErrors;
  testIds: { next: string; confirm?: string };
  label?: string;
  hint?: ReactNode;
  /** `name` attributes, for forms that password managers should recognise. */
  names?: { next: string; confirm: string };
  /** Shown in clear: an admin reads a temporary password out or copies it for the person. */
  reveal?: boolean;
  nextRef?: Ref<HTMLInputElement>;
  confirmRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
}) {
  const ownRules = usePasswordRules("own");
  const input = reveal
    ? ({ type: "text", className: "secret-input", autoComplete: "off", autoCapitalize: "none", spellCheck: false } as const)
    : ({ type: "password", autoComplete: "new-password" } as const);
  return (
    <>
      <TextField
        ref={nextRef}
        label={label}
        name={names?.next}
        {...input}
        value={value.next}
        onChange={(e) => onChange("newPassword", e.target.value)}
        error={errors.newPassword}
        hint={hint === undefined ? ownRules : hint}
        autoFocus={autoFocus}
        data-testid={testIds.next}
      />
      {value.confirm === undefined ? null : (
        <TextField
          ref={confirmRef}
          label={PASSWORD_LABELS.confirmPassword}
          name={names?.confirm}
          {...input}
          value={value.confirm}
          onChange={(e) => onChange("confirmPassword", e.target.value)}
          error={errors.confirmPassword}
          data-testid={testIds.confirm}
        />
      )}
    </>
  );
}
