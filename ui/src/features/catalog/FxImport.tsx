import { type ChangeEvent, useState } from "react";
import { commands } from "../../lib/ipc";
import type { UserError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { ErrorBanner, Loading } from "../../shared/ui";
import { importSummaryText } from "./fx";
import { useCommandCall } from "../../shared/call";

export type ImportState =
  | { kind: "idle" }
  | { kind: "busy"; file: string }
  | { kind: "done"; text: string }
  | { kind: "failed"; error: UserError };

/**
 * Importing a CSV file of rates: the webview reads the file the user picked as text (no
 * file-system permission is needed for that) and Rust saves all of its rates in one
 * transaction, or none and names the first bad line. `onImported` reads the list again.
 */
export function useFxImport(onImported: () => Promise<void>) {
  const call = useCommandCall();
  const { locale } = useLocale();
  const [state, setState] = useState<ImportState>({ kind: "idle" });

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    // Picking the same file again (after fixing it) must fire another change.
    input.value = "";
    if (!file) return;
    setState({ kind: "busy", file: file.name });
    let content: string;
    try {
      content = await file.text();
    } catch {
      setState({
        kind: "failed",
        error: { kind: "file", title: "File not read", message: `${file.name} could not be read. Check that it is still there, then choose it again.` },
      });
      return;
    }
    const res = await call(() => commands.importFxRatesCsv(file.name, content), `import ${file.name}`);
    if (!res.ok) {
      setState({ kind: "failed", error: res.error });
      return;
    }
    await onImported();
    setState({ kind: "done", text: importSummaryText(res.data, locale) });
  };

  return { state, choose: (e: ChangeEvent<HTMLInputElement>) => void choose(e) };
}

/** "Import CSV…": a label styled as a button, so the plain file input opens the picker. */
export function FxImportButton({ state, onChange }: { state: ImportState; onChange: (e: ChangeEvent<HTMLInputElement>) => void }) {
  return (
    <label className="btn btn-secondary file-button">
      Import CSV…
      <input
        type="file"
        accept=".csv,text/csv"
        className="visually-hidden"
        onChange={onChange}
        disabled={state.kind === "busy"}
        data-testid="fx-import-input"
      />
    </label>
  );
}

/** The import running, or how it ended. */
export function FxImportStatus({ state }: { state: ImportState }) {
  switch (state.kind) {
    case "idle":
      return null;
    case "busy":
      return (
        <div data-testid="fx-import-progress">
          <Loading label={`Importing ${state.file}…`} />
        </div>
      );
    case "done":
      return (
        <p className="banner banner-success" role="status" data-testid="fx-import-result">
          {state.text}
        </p>
      );
    case "failed":
      return <ErrorBanner error={state.error} testId="fx-import-result" />;
  }
}
