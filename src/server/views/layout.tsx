import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FastifyReply } from 'fastify';

export interface LayoutProps {
  title: string;
  children: ReactNode;
  signedIn?: boolean;
  /** Extra elements for <head>, e.g. a feed link. */
  head?: ReactNode;
}

/** The frame of every server-rendered page: skip link, header, main, footer. Works without JavaScript. */
export function Layout({ title, children, signedIn, head }: LayoutProps) {
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} | Partner Hub | UK SMART Recovery`}</title>
        <link rel="stylesheet" href="/static/site.css" />
        {head}
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <header className="site-header">
          <div className="container header-inner">
            <a className="brand" href="/">
              <span className="brand-name">SMART Recovery</span> <span className="brand-sub">Partner Hub</span>
            </a>
            <nav aria-label="Main">
              <ul className="nav-list">
                <li>
                  <a href="/">Home</a>
                </li>
                <li>
                  <a href="/meetings">Find a meeting</a>
                </li>
                <li>
                  <a href="/licences">Licences and fees</a>
                </li>
                <li>
                  <a href="/quote">Get a quote</a>
                </li>
                <li>
                  <a href="/start-up-form">Apply to partner</a>
                </li>
                {signedIn ? (
                  <li>
                    <a href="/portal/">Your portal</a>
                  </li>
                ) : (
                  <li>
                    <a href="/sign-in">Sign in</a>
                  </li>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p>
              UK SMART Recovery is a registered charity in England and Wales (1160516) and Scotland (SC046247).
            </p>
            <p>
              <a href="/partners">Our partner organisations</a> · <a href="/contact">Contact us</a> ·{' '}
              <a href="/privacy">Privacy</a> · <a href="/accessibility">Accessibility</a> · <a href="/api/docs">API documentation</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** Sends a server-rendered page. React escapes every value, so typed text is always shown as text. */
export function sendPage(reply: FastifyReply, page: ReactNode, status = 200): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>${renderToStaticMarkup(page)}`);
}
