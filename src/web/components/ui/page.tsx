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
