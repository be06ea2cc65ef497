import { type ChannelType, type Market, type SalesChannel, type SalesChannelInput, commands } from "../../lib/ipc";
import { formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { SelectField, TextAreaField, TextField } from "../../shared/ui";
import { ChannelCredentials } from "./ChannelCredentials";
import { EditorDialog } from "./EditorDialog";
import { CHANNEL_SPEC, type FormOf } from "./forms";
import {
  CHANNEL_TYPE_LABELS,
  FULFILMENT_LABELS,
  SYNC_LABELS,
  choices,
  currencyOf,
  fulfilmentAfterTypeChange,
  fulfilmentFor,
  marketChoices,
} from "./options";

export const CHANNEL_LABELS: Record<keyof SalesChannelInput, string> = {
  name: "Name",
  channelType: "Platform",
  market: "Market",
  commissionRate: "Commission (0–1 of net revenue)",
  fulfillmentMethod: "Fulfilment",
  marketplaceId: "Amazon marketplace ID",
  fixedFeePerOrder: "Fixed fee (per order)",
  fulfillmentFeePerUnit: "Fulfilment fee (per unit)",
  paymentTermsDays: "Payment terms (days from sale to cash)",
  processingDays: "Processing (days from order to dispatch)",
  apiSettings: "API settings (JSON)",
  conversionRate: "Target conversion rate (0–1)",
  returnRate: "Target return rate (0–1)",
  monthlyRevenueTarget: "Monthly revenue target",
  active: "Active",
};

function blankChannel(market: string): FormOf<SalesChannelInput> {
  return {
    name: "",
    channelType: "Amazon",
    market,
    commissionRate: "",
    fulfillmentMethod: "FBA",
    marketplaceId: "",
    fixedFeePerOrder: "0",
    fulfillmentFeePerUnit: "0",
    paymentTermsDays: "14",
    processingDays: "1",
    apiSettings: "{}",
    conversionRate: "",
    returnRate: "",
    monthlyRevenueTarget: "",
    active: true,
  };
}

/**
 * Sync state, shown, not edited. Whether credentials are stored is a fact here for those who
 * cannot change them; the others get the credentials section instead.
 */
function IntegrationFacts({ channel, credentials }: { channel: SalesChannel; credentials: boolean }) {
  const { locale, timeZone } = useLocale();
  return (
    <dl className="read-only-facts" data-testid="channel-integration">
      {credentials ? (
        <>
          <dt>API credentials</dt>
          <dd data-testid="channel-credentials-status">{channel.hasCredentials ? "Set" : "Not set"}</dd>
        </>
      ) : null}
      <dt>Sync status</dt>
      <dd data-testid="channel-sync-status">{SYNC_LABELS[channel.syncStatus] ?? channel.syncStatus}</dd>
      <dt>Last synchronised</dt>
      <dd data-testid="channel-last-sync">{channel.lastSyncAt ? formatDateTime(channel.lastSyncAt, locale, timeZone) : "Never"}</dd>
      {channel.lastSyncError ? (
        <>
          <dt>Last error</dt>
          <dd className="text-error" data-testid="channel-sync-error">
            {channel.lastSyncError}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

export function ChannelDialog({
  row,
  latest,
  markets,
  canManage,
  refetch,
  onClose,
  onDone,
}: {
  row: SalesChannel | null;
  latest: SalesChannel | undefined;
  markets: Market[] | undefined;
  canManage: boolean;
  refetch: () => Promise<void>;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const firstMarket = markets?.find((m) => m.fields.active)?.fields.code ?? "";

  return (
    <EditorDialog<SalesChannelInput, SalesChannel>
      entity="channel"
      noun="sales channel"
      testPrefix="channel"
      spec={CHANNEL_SPEC}
      labels={CHANNEL_LABELS}
      nameOf={(c) => c.name}
      row={row}
      latest={latest}
      blank={blankChannel(firstMarket)}
      canManage={canManage}
      history={(c) => (c.hasSales ? "it has sales history" : null)}
      create={commands.createChannel}
      update={commands.updateChannel}
      refetch={refetch}
      onClose={onClose}
      onDone={onDone}
      facts={(side) => (
        <>
          <IntegrationFacts channel={side.current} credentials={!canManage} />
          {canManage ? <ChannelCredentials side={side} refetch={refetch} /> : null}
        </>
      )}
    >
      {({ form, bind, flag, update }) => {
        const currency = currencyOf(markets, form.market);
        const money = (label: string, unit: string) => `${label} (${currency ? `${currency} ` : ""}${unit})`;
        const options = marketChoices(markets ?? [], form.market);
        const type = form.channelType as ChannelType;
        return (
          <>
            <TextField {...bind("name")} hint="Unique, e.g. Amazon UK." autoComplete="off" autoFocus={!row} />
            <SelectField
              {...bind("channelType")}
              // Fulfilment follows the platform: Amazon ships FBA or FBM, Shopify ships Own.
              onChange={(e) => {
                const next = e.target.value as ChannelType;
                update({ channelType: next, fulfillmentMethod: fulfilmentAfterTypeChange(next, form.fulfillmentMethod) });
              }}
            >
              {choices(CHANNEL_TYPE_LABELS).map((t) => (
                <option key={t} value={t}>
                  {CHANNEL_TYPE_LABELS[t]}
                </option>
              ))}
            </SelectField>
            <SelectField
              {...bind("market")}
              hint={markets && options.length === 0 ? "No active market yet: add one on the Markets tab first." : undefined}
            >
              {form.market === "" ? <option value="">Choose a market</option> : null}
              {options.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.label}
                </option>
              ))}
            </SelectField>
            <SelectField {...bind("fulfillmentMethod")} hint={type === "Amazon" ? "Amazon channels ship FBA or FBM." : "Web shops ship from our own warehouse or 3PL."}>
              {fulfilmentFor(type).map((m) => (
                <option key={m} value={m}>
                  {FULFILMENT_LABELS[m]}
                </option>
              ))}
            </SelectField>
            <TextField {...bind("commissionRate")} hint="0.15 is 15 %." inputMode="decimal" autoComplete="off" />
            <TextField
              {...bind("marketplaceId")}
              hint={type === "Amazon" ? "e.g. A1F83G8C2ARO7P" : "Amazon only: leave blank."}
              autoComplete="off"
              spellCheck={false}
            />
            <TextField {...bind("fixedFeePerOrder")} label={money("Fixed fee", "per order")} inputMode="decimal" autoComplete="off" />
            <TextField {...bind("fulfillmentFeePerUnit")} label={money("Fulfilment fee", "per unit")} inputMode="decimal" autoComplete="off" />
            <TextField {...bind("paymentTermsDays")} inputMode="numeric" autoComplete="off" />
            <TextField {...bind("processingDays")} inputMode="numeric" autoComplete="off" />
            <TextField {...bind("conversionRate")} hint="Optional. 0.12 is 12 %." inputMode="decimal" autoComplete="off" />
            <TextField {...bind("returnRate")} hint="Optional. 0.05 is 5 %." inputMode="decimal" autoComplete="off" />
            <TextField
              {...bind("monthlyRevenueTarget")}
              label={money("Monthly revenue target", "per month")}
              hint="Optional."
              inputMode="decimal"
              autoComplete="off"
            />
            <div />
            <TextAreaField
              {...bind("apiSettings")}
              className="span-2"
              mono
              rows={4}
              spellCheck={false}
              hint="A JSON object of non-secret settings (endpoint, shop domain). Never put credentials here."
            />
            {flag("active", "Inactive channels leave the pickers and keep their history.")}
            {!row ? <p className="muted span-2">API credentials are set here once the channel has been added.</p> : null}
          </>
        );
      }}
    </EditorDialog>
  );
}
