import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { ErrorBoundary } from "./shared/ErrorBoundary";
import { ThemeProvider } from "./shared/theme";
import "./shared/styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");

createRoot(root).render(
  <StrictMode>
    <ThemeProvider>
      <ErrorBoundary
        fallback={(error) => (
          <div className="centered-page">
            <main className="card" role="alert" data-testid="app-crash">
              <h1>Sentia hit an unexpected problem</h1>
              <p>The window could not be drawn ({error.message}). Restart Sentia; if it happens again, report it to IT.</p>
              <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
                Reload
              </button>
            </main>
          </div>
        )}
      >
        <App />
      </ErrorBoundary>
    </ThemeProvider>
  </StrictMode>,
);
