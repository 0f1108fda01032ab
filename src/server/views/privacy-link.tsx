/** Under a form that asks for personal data: where to read what happens to it (decision 178). */
export function PrivacyLink({ what = 'the details you give here' }: { what?: string }) {
  return (
    <p className="hint">
      <a href="/privacy">How we use your information</a>: who sees {what}, how long we keep it and your rights.
    </p>
  );
}
