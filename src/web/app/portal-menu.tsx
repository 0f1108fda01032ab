import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/**
 * The portal's navigation. On a narrow screen the links sit behind a "Menu" button (a disclosure:
 * aria-expanded, Enter or Space opens and closes it, Escape closes it and puts focus back on the
 * button), so a page's content starts on the first screen of a phone; on a wide screen the button
 * is hidden by site.css and the links always show (decision 180). Every link loads a new page, so
 * the menu is closed again on the page it leads to.
 */
export function PortalMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  }
  return (
    <nav aria-label="Portal" className={open ? 'portal-nav portal-nav-open' : 'portal-nav'} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className="nav-toggle" aria-expanded={open} aria-controls="portal-menu" onClick={() => setOpen(!open)}>
        Menu
      </button>
      <div id="portal-menu" className="nav-panel">
        {children}
      </div>
    </nav>
  );
}
