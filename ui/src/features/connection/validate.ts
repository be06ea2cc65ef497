import type { TlsMode } from "../../lib/ipc";

export type FieldName = "host" | "port" | "database" | "user" | "password" | "tlsMode";

export interface FormState {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
  tlsMode: TlsMode;
}

/** Checks what can be checked without the server, so a typo never costs a round trip. */
export function validateForm(form: FormState): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  if (!form.host.trim()) errors.host = "Enter the server's host name or IP address.";
  else if (/\s/.test(form.host.trim())) errors.host = "A host name cannot contain spaces.";
  const port = Number(form.port);
  if (!/^\d+$/.test(form.port.trim()) || port < 1 || port > 65535) errors.port = "Enter a port between 1 and 65535 (PostgreSQL uses 5432).";
  if (!form.database.trim()) errors.database = "Enter the database name.";
  if (!form.user.trim()) errors.user = "Enter the database user name.";
  return errors;
}

