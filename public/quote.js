// The Quote page without reloading: "Get quote" asks POST /api/v1/quotes and shows the quotation in
// place, and "Add another ..." adds a row here. Without this script the same form posts to /quote
// and works as well. When the API refuses the quote (or cannot be reached) the script lets the
// browser post the form after all, so the server shows each message next to its field.
'use strict';

(() => {
  const form = document.getElementById('quote-form');
  const result = document.getElementById('quote-result');
  const status = document.getElementById('quote-status');
  if (!form || !result || !status || !window.fetch) return;

  const EXPENSES_EXTRA_NOTE = 'Plus staff travel and accommodation expenses for the in-person training, which this total does not include.';
  const POUNDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
  const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  let posting = false;

  form.addEventListener('submit', (event) => {
    if (posting) return;
    const button = event.submitter;
    const action = button ? button.value : 'quote';
    if (action === 'add-site' || action === 'add-publication') {
      event.preventDefault();
      addRow(button);
      return;
    }
    event.preventDefault();
    getQuote(button);
  });

  // Enter in a text box means "Get quote", not the first button in the form ("Add another site").
  form.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.key !== 'Enter' || !(target instanceof HTMLInputElement) || target.type !== 'text') return;
    event.preventDefault();
    getQuote(form.querySelector('button[value="quote"]'));
  });

  // ---- Add another site or publication ----

  function addRow(button) {
    const container = document.getElementById(button.dataset.addRow);
    const rows = container.querySelectorAll(':scope > .row-group');
    const last = rows[rows.length - 1];
    const group = button.value === 'add-site' ? 'sites' : 'publications';
    const index = rows.length;
    const row = last.cloneNode(true);
    const renumber = new RegExp(`(^|\\s)${group}\\.\\d+\\.`, 'g');
    row.dataset.row = String(index);
    for (const element of [row, ...row.querySelectorAll('*')]) {
      for (const attribute of ['id', 'name', 'for', 'aria-describedby', 'aria-labelledby']) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(renumber, `$1${group}.${index}.`));
      }
    }
    const heading = row.querySelector('h3');
    heading.textContent = heading.textContent.replace(/\d+$/, String(index + 1));
    for (const input of row.querySelectorAll('input')) {
      if (input.type === 'checkbox' || input.type === 'radio') input.checked = false;
      else input.value = '';
    }
    clearErrors(row);
    container.appendChild(row);
    if (container.querySelectorAll(':scope > .row-group').length >= Number(button.dataset.max || Infinity)) button.hidden = true;
    button.setAttribute('formaction', `/quote#${group}.${index + 1}.${group === 'sites' ? 'name' : 'title'}`);
    announce(`${heading.textContent} added.`);
    row.querySelector('input[type="text"]').focus();
  }

  // ---- Get quote ----

  async function getQuote(button) {
    posting = true;
    if (button) button.disabled = true;
    announce('Getting your quote.');
    let answer;
    try {
      const token = form.elements.namedItem('_csrf');
      answer = await fetch('/api/v1/quotes', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token ? token.value : '' },
        body: JSON.stringify(requestBody()),
      });
    } catch {
      answer = null;
    }
    if (!answer || answer.status !== 201) {
      // The server's page shows each problem next to its field, with everything typed kept.
      form.submit();
      return;
    }
    showQuote(await answer.json());
    posting = false;
    if (button) button.disabled = false;
  }

  /** The form as the API's request body: the same conversion as formToQuoteRequest in quote-form.ts. */
  function requestBody() {
    const value = (name) => {
      const field = form.elements.namedItem(name);
      if (!field) return '';
      if (field instanceof RadioNodeList) return field.value;
      return field.type === 'checkbox' ? (field.checked ? field.value : '') : field.value;
    };
    const checkedValues = (name) => [...form.querySelectorAll(`input[name="${CSS.escape(name)}"]:checked`)].map((input) => input.value);
    const yesNo = (text) => (text === 'yes' ? true : text === 'no' ? false : undefined);

    const sites = [];
    for (const row of document.querySelectorAll('#site-rows > .row-group')) {
      const field = (name) => `sites.${row.dataset.row}.${name}`;
      const site = {
        name: value(field('name')),
        satellite: value(field('satellite')) === 'yes',
        licences: checkedValues(field('licences')),
        heldLicences: checkedValues(field('heldLicences')),
        extraTrainingPlaces: number(value(field('extraTrainingPlaces'))),
      };
      const blank =
        site.name.trim() === '' && !site.satellite && site.licences.length === 0 && site.heldLicences.length === 0 && site.extraTrainingPlaces === undefined;
      if (site.heldLicences.length === 0) delete site.heldLicences;
      if (!blank) sites.push(site);
    }

    const training = [];
    for (const [people, groups, kind] of [['inPersonParticipants', 'inPersonGroups', 'in-person'], ['webinarParticipants', 'webinarGroups', 'webinar']]) {
      if (value(people).trim() === '' && value(groups).trim() === '') continue;
      training.push({ kind, participants: number(value(people)) ?? '', groups: number(value(groups)) });
    }

    const publications = [];
    for (const row of document.querySelectorAll('#publication-rows > .row-group')) {
      const field = (name) => `publications.${row.dataset.row}.${name}`;
      const [title, rrp, quantity] = [value(field('title')), value(field('rrp')), value(field('quantity'))];
      const coBranded = value(field('coBranded')) === 'yes';
      if (title.trim() === '' && rrp.trim() === '' && quantity.trim() === '' && !coBranded) continue;
      publications.push({ title, rrpPence: pence(rrp), quantity: number(quantity) ?? '', coBranded });
    }

    return {
      organisationType: value('organisationType') || undefined,
      servesVeterans: yesNo(value('servesVeterans')),
      childrensServiceProvider: yesNo(value('childrensServiceProvider')),
      sites,
      training,
      publications,
    };
  }

  function number(text) {
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
  }

  function pence(text) {
    const trimmed = text.trim().replace(/^£\s*/, '').replace(/,/g, '');
    const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(trimmed);
    if (!match) return text.trim();
    return Number(match[1]) * 100 + Number((match[2] || '').padEnd(2, '0'));
  }

  // ---- The quotation, as QuoteResult in quote.pages.tsx draws it ----

  function showQuote(quote) {
    clearErrors(document);
    const summary = document.querySelector('.error-summary');
    if (summary) summary.remove();

    const heading = element('h2', { id: 'quote-result-heading', tabindex: '-1' }, 'Your quotation');
    const intro = element('p', {}, 'Reference ', element('strong', {}, quote.reference), '. These prices hold until ', element('strong', {}, longDate(quote.validUntil)), '.');

    // As chargesExpensesOnTop and EXPENSES_EXTRA_NOTE in src/domain/fees/quote.ts.
    const expensesExtra = quote.lines.some((line) => line.description.includes('staff travel and accommodation expenses are charged on top'));
    const body = element('tbody');
    for (const line of quote.lines) {
      const onRequest = line.amountPence === 0 && line.description.endsWith(': price on request');
      body.append(
        element(
          'tr',
          {},
          element(
            'td',
            {},
            element('span', { class: 'line-site' }, line.site ?? 'For the organisation'),
            element('span', { class: 'line-description' }, line.description),
            element('span', { class: 'line-rule' }, line.rule),
          ),
          element('td', { class: 'amount' }, onRequest ? 'Price on request' : money(line.amountPence)),
        ),
      );
    }
    const table = element(
      'table',
      { class: 'quote-lines' },
      element('caption', { class: 'visually-hidden' }, `The lines of quotation ${quote.reference}`),
      element('thead', {}, element('tr', {}, element('th', { scope: 'col' }, 'Item'), element('th', { scope: 'col', class: 'amount' }, 'Amount'))),
      body,
      element(
        'tfoot',
        {},
        element(
          'tr',
          {},
          element(
            'th',
            { scope: 'row' },
            quote.priceOnRequest ? 'Total of the priced lines' : 'Total',
            ...(expensesExtra ? [element('span', { class: 'total-note' }, EXPENSES_EXTRA_NOTE)] : []),
          ),
          element('td', { class: 'amount' }, money(quote.totalPence)),
        ),
      ),
    );

    const parts = [heading, intro, table];
    if (quote.priceOnRequest) {
      parts.push(
        element(
          'p',
          { class: 'notice' },
          'Central Office will price the lines marked "Price on request". Email ',
          element('a', { href: `mailto:${result.dataset.enquiries}` }, result.dataset.enquiries),
          ` quoting ${quote.reference} with your organisation's name and a contact, and we will send the full price.`,
        ),
      );
    }
    // The API gives the full address; the path keeps the download on this page's own origin.
    const pdf = new URL(quote.pdfUrl);
    parts.push(element('p', {}, element('a', { class: 'button', href: pdf.pathname + pdf.search }, 'Download quotation (PDF)')));
    parts.push(
      element('p', {}, 'To go ahead, complete the ', element('a', { href: '/start-up-form' }, 'Start-Up Form'), ' with a Purchase Order Number and this reference (Section 6).'),
    );
    parts.push(element('p', {}, 'To change the quote, change the form below and choose "Get quote" again.'));

    const section = element('section', { class: 'quote-result', 'aria-labelledby': 'quote-result-heading' }, ...parts);
    result.replaceChildren(section);
    announce(`Your quotation ${quote.reference} is ready. Total ${money(quote.totalPence)}${expensesExtra ? ', plus staff expenses for the in-person training' : ''}.`);
    heading.focus();
  }

  function element(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    // Text is added as text, never as HTML, so a site name cannot add markup to the page.
    node.append(...children);
    return node;
  }

  function money(amount) {
    const sign = amount < 0 ? '-' : '';
    const magnitude = Math.abs(amount);
    return `${sign}£${POUNDS.format(Math.floor(magnitude / 100))}.${String(magnitude % 100).padStart(2, '0')}`;
  }

  function longDate(isoDate) {
    return LONG_DATE.format(new Date(`${isoDate}T00:00:00Z`));
  }

  function clearErrors(root) {
    for (const message of root.querySelectorAll('.error-message')) message.remove();
    for (const field of root.querySelectorAll('.field-error')) field.classList.remove('field-error');
    for (const input of root.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
    for (const described of root.querySelectorAll('[aria-describedby]')) {
      const ids = described.getAttribute('aria-describedby').split(' ').filter((id) => !id.endsWith('-error'));
      if (ids.length) described.setAttribute('aria-describedby', ids.join(' '));
      else described.removeAttribute('aria-describedby');
    }
  }

  function announce(message) {
    status.textContent = message;
  }
})();
