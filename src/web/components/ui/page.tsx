import { type ReactNode, useEffect } from 'react';

/** A portal page: sets the document title and gives the page its one h1. */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} | Partner Hub | UK SMART Recovery`;
  }, [title]);
  return (
    <>
      <h1>{title}</h1>
      {children}
    </>
  );
}

export function Loading() {
  return <p role="status">Loading…</p>;
}

export function ErrorMessage({ message }: { message: string }) {
  return (
    <div className="error-summary" role="alert">
      <h2>Something went wrong</h2>
      <p>{message}</p>
    </div>
  );
}

/**
 * A record that could not be loaded: "not found" as a page of its own when the API says 404 (it
 * does for another organisation's or region's record too), else what went wrong.
 */
export function LoadFailed({ record, status, message }: { record: string; status: number; message: string }) {
  return status === 404 ? (
    <Page title={`${record.charAt(0).toUpperCase()}${record.slice(1)} not found`}>
      <p>There is no {record} here that you can see.</p>
    </Page>
  ) : (
    <ErrorMessage message={message} />
  );
}
