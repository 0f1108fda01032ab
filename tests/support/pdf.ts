import { extractText, getDocumentProxy } from 'unpdf';

/** The text of every page of a PDF, pages joined by newlines, for tests that read what a document says. */
export async function pdfText(buffer: Buffer | Uint8Array): Promise<string> {
  // pdf.js takes ownership of the bytes it is given, so it gets a copy.
  const document = await getDocumentProxy(new Uint8Array(buffer));
  const { text } = await extractText(document, { mergePages: false });
  return text.join('\n');
}
