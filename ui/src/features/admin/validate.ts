import type { Role } from "../../lib/ipc";

export type Field = "username" | "email" | "displayName" | "role" | "password";

export interface NewUserForm {
  username: string;
  email: string;
  displayName: string;
  role: Role;
  password: string;
}

/**
 * Mirrors the database's CHECK constraints so most mistakes are caught before saving. The
 * full name is optional, as in Rust; the password's length and user-name rule are Rust's
 * (the minimum is a database setting).
 */
export function validateNewUser(v: NewUserForm): Partial<Record<Field, string>> {
  const e: Partial<Record<Field, string>> = {};
  if (!/^[A-Za-z0-9._-]{3,64}$/.test(v.username)) e.username = "3–64 characters: letters, digits, dot, dash or underscore.";
  if (!/^[^@\s]+@[^@\s]+$/.test(v.email)) e.email = "Enter an email address such as name@company.com.";
  if (!v.password) e.password = "Enter a temporary password.";
  return e;
}

