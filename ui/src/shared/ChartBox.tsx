import { type ReactNode, Suspense } from "react";
import { ErrorBoundary } from "./ErrorBoundary";
import { EmptyState, Loading } from "./ui";

/** A chart loads its library on demand; if drawing fails, the figures around it still stand. */
export function ChartBox({
  testId,
  unaffected = "The figures below are unaffected.",
  children,
}: {
  testId: string;
  /** Where the figures the failed chart showed can still be read. */
  unaffected?: string;
  children: ReactNode;
}) {
  return (
    <ErrorBoundary
      fallback={() => (
        <EmptyState title="The chart could not be drawn." testId={`${testId}-error`}>
          {unaffected}
        </EmptyState>
      )}
    >
      <Suspense fallback={<Loading label="Drawing the chart…" />}>
        <div data-testid={testId}>{children}</div>
      </Suspense>
    </ErrorBoundary>
  );
}
