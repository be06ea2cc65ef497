import { useMemo, useState } from "react";
import { type SettingView, commands } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { capitalise, formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useSession } from "../../shared/session";
import { Button, EmptyState, ErrorBanner, Loading, TextField } from "../../shared/ui";
import { EditSettingDialog } from "./EditSettingDialog";
import { HistoryDialog } from "./HistoryDialog";
import { ScopeTags, ValueText } from "./parts";
import { SETTINGS_KEY, filterSettings, groupByCategory, inputKind, settingTestId } from "./settings";

type Open = { kind: "none" } | { kind: "edit"; row: SettingView } | { kind: "history"; row: SettingView };

export function SettingsScreen() {
  const { session } = useSession();
  const { locale, timeZone } = useLocale();
  const settings = useCommandQuery(SETTINGS_KEY, commands.listSettings, "load the settings");
  // The product picker of per-product values, and the names of the products they are for.
  const products = useCommandQuery(["settings", "products"], commands.listProducts, "load the products");
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState<Open>({ kind: "none" });
  const [notice, setNotice] = useState<string | null>(null);

  const groups = useMemo(() => groupByCategory(filterSettings(settings.data ?? [], search)), [settings.data, search]);

  const columns = useMemo<ColumnDef<SettingView, unknown>[]>(
    () => [
      {
        id: "key",
        header: "Setting",
        accessorFn: (r) => r.key,
        cell: (c) => (
          <>
            <span className="mono">{c.row.original.key}</span>
            <p className="setting-description">{c.row.original.description}</p>
            <p className="muted setting-rule" data-testid="setting-rule">
              Takes: {c.row.original.rule}
            </p>
          </>
        ),
      },
      {
        id: "value",
        header: "Value",
        accessorFn: (r) => r.value,
        cell: (c) => {
          const r = c.row.original;
          return (
            <>
              <ValueText value={r.value} json={inputKind(r.rule).kind === "json"} testId="setting-current" />
              {r.id === null ? (
                <span className="tag" data-testid="setting-default">
                  default
                </span>
              ) : null}
            </>
          );
        },
      },
      {
        id: "scope",
        header: "Applies to",
        accessorFn: (r) => `${r.scope} ${r.environment}`,
        cell: (c) => <ScopeTags row={c.row.original} products={products.data} userId={session.userId} />,
      },
      {
        id: "changed",
        header: "Last changed",
        accessorFn: (r) => r.updatedAt ?? "",
        cell: (c) => {
          const r = c.row.original;
          if (!r.updatedAt) return <span className="muted">Never (default)</span>;
          return (
            <span data-testid="setting-changed">
              {formatDateTime(r.updatedAt, locale, timeZone)}
              {r.updatedBy ? <span className="muted"> by {r.updatedBy}</span> : null}
            </span>
          );
        },
      },
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        enableSorting: false,
        cell: (c) => {
          const r = c.row.original;
          const name = `${r.category}.${r.key}`;
          return (
            <span className="row-actions">
              {r.editable ? (
                <Button onClick={() => setOpen({ kind: "edit", row: r })} aria-label={`Change ${name}`} data-testid="setting-edit">
                  Change
                </Button>
              ) : null}
              {r.id !== null ? (
                <Button variant="ghost" onClick={() => setOpen({ kind: "history", row: r })} aria-label={`History of ${name}`} data-testid="setting-history">
                  History
                </Button>
              ) : null}
            </span>
          );
        },
      },
    ],
    [locale, timeZone, products.data, session.userId],
  );

  const done = async (message: string) => {
    setOpen({ kind: "none" });
    await settings.refetch();
    setNotice(message);
  };

  return (
    <div className="page" data-testid="settings">
      <div className="toolbar">
        <h1>Settings</h1>
      </div>
      <p className="muted">
        Every change is a new version with its reason; the history of a stored setting shows who changed what and
        when, and can restore an earlier value.
      </p>
      <div className="filters settings-filters" role="search">
        <TextField
          label="Search"
          type="search"
          value={search}
          placeholder="Key, description, value or who changed it"
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          data-testid="settings-search"
        />
      </div>
      {settings.error ? <ErrorBanner error={settings.error} onRetry={() => void settings.refetch()} testId="settings-load-error" /> : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="settings-notice">
          {notice}
        </p>
      ) : null}
      {settings.loading ? <Loading label="Loading settings…" /> : null}
      {settings.data ? (
        groups.length === 0 ? (
          <EmptyState
            title={search ? "No settings match the search." : "No settings."}
            testId="settings-empty"
            action={
              search ? (
                <Button onClick={() => setSearch("")} data-testid="settings-clear-search">
                  Show all settings
                </Button>
              ) : null
            }
          />
        ) : (
          groups.map((g) => (
            <section key={g.category} className="settings-group" aria-labelledby={`settings-${g.category}-heading`} data-testid={`settings-group-${g.category}`}>
              <h2 id={`settings-${g.category}-heading`}>{capitalise(g.category)}</h2>
              <DataTable
                data={g.rows}
                columns={columns}
                caption={`${capitalise(g.category)} settings`}
                empty={null}
                getRowId={(r) => settingTestId(r)}
                rowTestId={settingTestId}
                exportName={`settings-${g.category}`}
              />
            </section>
          ))
        )
      ) : null}
      {open.kind === "edit" ? (
        <EditSettingDialog
          key={settingTestId(open.row)}
          row={open.row}
          rows={settings.data ?? []}
          products={products.data}
          refetch={settings.refetch}
          onClose={() => setOpen({ kind: "none" })}
          onDone={(message) => void done(message)}
        />
      ) : null}
      {open.kind === "history" && open.row.id !== null ? (
        <HistoryDialog
          key={open.row.id}
          id={open.row.id}
          row={open.row}
          products={products.data}
          onChanged={settings.refetch}
          onClose={() => setOpen({ kind: "none" })}
        />
      ) : null}
    </div>
  );
}
