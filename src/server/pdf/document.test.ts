import { describe, expect, it } from 'vitest';
import { pdfText } from '../../../tests/support/pdf.js';
import { facts } from './blocks.js';
import { startDocument } from './document.js';

const charity = { name: 'UK SMART Recovery', numbers: 'Registered charity', address: 'PO Box 4964, Stoke on Trent, ST3 9GU' };

describe('text on a Partner Hub document', () => {
  it('breaks a line typed in a web form (CRLF) where it was typed, with no stray character for the CR', async () => {
    const { doc, finish } = startDocument(charity, { title: 'Invoice INV-000001' });
    // An invoice's "To" line, with the organisation's address as the Start-Up Form's textarea sent it.
    facts(doc, [['To', 'Larkfield Accounts, 4 Canal Wharf\r\nLancaster, LA1 1AA']]);
    const text = await pdfText(await finish());
    expect(text).toMatch(/4 Canal Wharf\s*\n\s*Lancaster, LA1 1AA/);
    expect(text).not.toMatch(/Wharf[^\s]/);
  });
});
