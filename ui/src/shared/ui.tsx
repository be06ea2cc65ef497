import {
  type ButtonHTMLAttributes,
  type ComponentProps,
  type ReactNode,
  useEffect,
  useId,
  useRef,
} from "react";
import type { UserError } from "./errors";

type ButtonVariant = "primary" | "secondary" | "danger" | "ghost";

export function Button({
  variant = "secondary",
  busy = false,
  className,
  children,
  disabled,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; busy?: boolean }) {
  return (
    <button
      type="button"
      {...rest}
      className={`btn btn-${variant}${className ? ` ${className}` : ""}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

interface FieldProps {
  label: string;
  className?: string | undefined;
  hint?: ReactNode;
  error?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/** Label, control, hint and error wired together with ids for assistive tech. */
export function Field({ label, hint, error, className, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

type FieldExtras = { label: string; hint?: ReactNode; error?: string | undefined };

/** `className` styles the wrapper (grid placement), not the control. */
export function TextField({ label, hint, error, className, ...input }: ComponentProps<"input"> & FieldExtras) {
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {({ id, describedBy, invalid }) => (
        <input {...input} id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} />
      )}
    </Field>
  );
}

export function SelectField({ label, hint, error, className, children, ...select }: ComponentProps<"select"> & FieldExtras) {
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {({ id, describedBy, invalid }) => (
        <select {...select} id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** Multi-line text; `mono` for code such as a JSON document. `className` styles the wrapper. */
export function TextAreaField({
  label,
  hint,
  error,
  className,
  mono = false,
  ...textarea
}: ComponentProps<"textarea"> & FieldExtras & { mono?: boolean }) {
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {({ id, describedBy, invalid }) => (
        <textarea
          {...textarea}
          className={mono ? "mono" : undefined}
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
      )}
    </Field>
  );
}

/** Says what is missing and what to do next; never shows invented figures. */
export function EmptyState({
  title,
  children,
  action,
  testId,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </div>
  );
}

export function ErrorBanner({
  error,
  onRetry,
  testId,
}: {
  error: UserError;
  onRetry?: () => void;
  testId?: string;
}) {
  return (
    <div className="banner banner-error" role="alert" data-testid={testId} data-error-kind={error.kind}>
      <strong>{error.title}.</strong> <span>{error.message}</span>
      {onRetry && error.retryable ? (
        <Button variant="ghost" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

/**
 * Modal dialog on the native <dialog> element: it traps focus, closes on Escape and returns
 * focus to the opener, all without a library. One that is not `dismissible` ignores Escape
 * and stays open until its owner closes it.
 */
export function Dialog({
  open,
  title,
  onClose,
  children,
  footer,
  testId,
  wide = false,
  dismissible = true,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  testId?: string;
  /** Room for a two-column form. */
  wide?: boolean;
  /** Escape closes it (calls `onClose`); false for a question that must be answered. */
  dismissible?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={wide ? "dialog dialog-wide" : "dialog"}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (dismissible) onClose();
      }}
      onClose={() => {
        // A browser may close a modal on a repeated Escape even though its cancel was
        // refused; one that must be answered opens again.
        const el = ref.current;
        if (!dismissible && open && el && !el.open) el.showModal();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <div className="dialog-body">{children}</div>
          {footer ? <div className="dialog-footer">{footer}</div> : null}
        </>
      ) : null}
    </dialog>
  );
}

/** A titled landmark region that F6 and the skip links can move focus to. */
export function Section({
  id,
  title,
  children,
  actions,
  className,
  testId,
}: {
  id: string;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  className?: string;
  testId?: string;
}) {
  const headingId = `${id}-heading`;
  return (
    <section
      id={id}
      className={`panel${className ? ` ${className}` : ""}`}
      aria-labelledby={headingId}
      tabIndex={-1}
      data-region=""
      data-testid={testId}
    >
      <header className="panel-header">
        <h2 id={headingId}>{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}
