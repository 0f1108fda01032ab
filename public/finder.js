// The meeting finder without reloading (docs/decisions/083-meeting-finder-pages.md): changing a
// filter or searching asks the server for the same page and swaps in its results (list and map),
// and "Use my location" searches near the browser's position. Without this script the form is an
// ordinary GET form and works as well. Anything the server refuses (a postcode it cannot find)
// falls back to loading the page, so the message shows next to its field.
'use strict';

(() => {
  const form = document.getElementById('finder-form');
  const results = document.getElementById('finder-results');
  const status = document.getElementById('finder-status');
  const near = document.getElementById('near');
  const nearMe = document.getElementById('finder-near-me');
  const nearMeMessage = document.getElementById('finder-near-me-message');
  if (!form || !results || !status || !near || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;

  let latest = 0;

  function searchUrl() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string' && value.trim() !== '') params.set(name, value.trim());
    }
    const query = params.toString();
    return { url: query ? `/meetings?${query}` : '/meetings', params };
  }

  async function update(moveFocus) {
    const { url, params } = searchUrl();
    // Nothing to search near yet (and not asking for online meetings): wait for a postcode or town.
    if (!params.has('near') && params.get('attendance') !== 'online') return;
    // A message from the server is on show: load the page so every field's state is right.
    if (form.querySelector('.field-error')) {
      window.location.assign(url);
      return;
    }
    const ticket = ++latest;
    status.textContent = 'Searching…';
    results.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
      if (ticket !== latest) return;
      if (!response.ok) {
        window.location.assign(url);
        return;
      }
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById('finder-results');
      if (!fresh) {
        window.location.assign(url);
        return;
      }
      results.replaceChildren(...Array.from(fresh.childNodes, (node) => document.importNode(node, true)));
      window.history.replaceState(null, '', url);
      const summary = document.getElementById('finder-summary');
      status.textContent = summary ? summary.textContent : 'Results updated.';
      if (moveFocus) {
        const heading = document.getElementById('finder-results-title');
        if (heading) {
          heading.setAttribute('tabindex', '-1');
          heading.focus();
        }
      }
    } catch {
      if (ticket === latest) window.location.assign(url);
    } finally {
      if (ticket === latest) results.removeAttribute('aria-busy');
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void update(true);
  });

  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement) void update(false);
  });

  // "Near me": the browser's position, to three decimal places (about 100 m), as 'latitude,longitude'.
  if (nearMe && nearMeMessage && navigator.geolocation) {
    nearMe.hidden = false;
    nearMe.addEventListener('click', () => {
      nearMeMessage.hidden = true;
      status.textContent = 'Finding your location…';
      navigator.geolocation.getCurrentPosition(
        (position) => {
          near.value = `${position.coords.latitude.toFixed(3)},${position.coords.longitude.toFixed(3)}`;
          void update(true);
        },
        () => {
          status.textContent = '';
          nearMeMessage.textContent = 'We could not get your location. Enter a postcode or a town instead.';
          nearMeMessage.hidden = false;
          near.focus();
        },
        { timeout: 10000, maximumAge: 300000 },
      );
    });
  }
})();
