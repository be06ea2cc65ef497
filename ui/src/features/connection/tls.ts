import type { TlsWarning } from "../../lib/ipc";
import { assertNever } from "../../shared/errors";

/** Why a connection's encryption is too weak, in words; Rust decides when it applies. */
export function tlsWarningText(warning: TlsWarning): string {
  switch (warning) {
    case "unencrypted":
      return "Encryption is off: the database password and all data cross the network in clear text. Ask IT to enable “Verify full”.";
    case "downgradable":
      return "Encryption is optional (“Prefer”): someone on the network can switch it off and capture the database password. Ask IT to enable “Verify full”.";
    case "unverified":
      return "The server's certificate is not checked (“Require”): someone on the network can pose as the server and capture the database password. Ask IT to enable “Verify full”.";
    default:
      return assertNever(warning);
  }
}
