import type { ReactNode, Ref } from "react";
import { PASSWORD_LABELS, type PasswordErrors, passwordRules } from "./password";
import { TextField } from "./ui";

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
  hint = passwordRules("own"),
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
        hint={hint}
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
