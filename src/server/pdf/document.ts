import PDFDocument from 'pdfkit';
import type { Config } from '../env.js';

/** The charity's details printed on every document (CHARITY_* in the configuration). */
export type Charity = Config['charity'];

export type Pdf = PDFKit.PDFDocument;

/** A4 with 2 cm margins; the bottom margin leaves room for the footer. */
const MARGIN = 56;
const FOOTER_HEIGHT = 40;

export const COLOURS = { ink: '#1b1b1b', muted: '#4a4a4a', line: '#b1b4b6', brand: '#003a5f' } as const;

export interface DocumentOptions {
  /** The document's title, e.g. 'Quotation Q-2026-000123': its metadata and the viewer's window title. */
  title: string;
  subject?: string;
}

export interface OpenDocument {
  doc: Pdf;
  /** Adds the footer to every page and ends the document; resolves with the whole file. */
  finish(): Promise<Buffer>;
}

/**
 * Starts a document on the charity's letterhead: the name and address at the top of the first
 * page, and the charity numbers, address and page number at the foot of every page. Quotations
 * use it now; invoices and licence certificates will too, so they all look like one charity's.
 */
export function startDocument(charity: Charity, options: DocumentOptions): OpenDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_HEIGHT },
    // Pages are kept until the end so the footer can say "Page 1 of 2".
    bufferPages: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: options.title, Author: charity.name, Subject: options.subject ?? options.title, Creator: 'Partner Hub' },
  });
  // Text typed into a web form's textarea arrives with CRLF line breaks; pdfkit breaks lines only at
  // LF and prints the CR as a stray glyph (an address read "4 Canal WharfÐ"), so every string is
  // given LF breaks before it is laid out.
  const text = doc.text.bind(doc) as (value: unknown, ...rest: unknown[]) => Pdf;
  doc.text = ((value: unknown, ...rest: unknown[]) => text(typeof value === 'string' ? plainLineBreaks(value) : value, ...rest)) as Pdf['text'];
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  letterhead(doc, charity);

  return {
    doc,
    finish: () => {
      footers(doc, charity);
      doc.end();
      return done;
    },
  };
}

function letterhead(doc: Pdf, charity: Charity): void {
  const width = contentWidth(doc);
  doc.fillColor(COLOURS.brand).font('Helvetica-Bold').fontSize(16).text(charity.name, { width });
  doc.fillColor(COLOURS.muted).font('Helvetica').fontSize(9).text(charity.address, { width });
  doc.moveDown(0.5);
  rule(doc);
  doc.moveDown(1);
  doc.fillColor(COLOURS.ink);
}

function footers(doc: Pdf, charity: Charity): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index += 1) {
    doc.switchToPage(index);
    const bottomMargin = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise make PDFKit start a new page.
    doc.page.margins.bottom = 0;
    const width = contentWidth(doc);
    const top = doc.page.height - MARGIN - FOOTER_HEIGHT + 12;
    doc
      .moveTo(MARGIN, top - 6)
      .lineTo(MARGIN + width, top - 6)
      .lineWidth(0.5)
      .strokeColor(COLOURS.line)
      .stroke();
    doc.fillColor(COLOURS.muted).font('Helvetica').fontSize(8);
    doc.text(`${charity.numbers}. ${charity.address}`, MARGIN, top, { width: width - 70 });
    doc.text(`Page ${index - start + 1} of ${count}`, MARGIN + width - 70, top, { width: 70, align: 'right' });
    doc.page.margins.bottom = bottomMargin;
  }
}

/** The width between the left and right margins. */
export function contentWidth(doc: Pdf): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** The lowest y that content may reach on the current page. */
export function contentBottom(doc: Pdf): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** A thin horizontal line across the content width at the current position. */
export function rule(doc: Pdf, weight = 0.5): void {
  const y = doc.y;
  doc
    .moveTo(doc.page.margins.left, y)
    .lineTo(doc.page.margins.left + contentWidth(doc), y)
    .lineWidth(weight)
    .strokeColor(COLOURS.line)
    .stroke();
}

/** CRLF and lone CR line breaks as LF, the only break pdfkit knows. */
export function plainLineBreaks(value: string): string {
  return value.replace(/\r\n?/g, '\n');
}
