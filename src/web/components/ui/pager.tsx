/** "Meetings 51 to 100 of 1,234.", with buttons to the first, previous, next and last pages of a paged list. */
export function Pager({ noun, offset, shown, total, pageSize, onPage }: { noun: string; offset: number; shown: number; total: number; pageSize: number; onPage: (offset: number) => void }) {
  const last = Math.max(0, Math.floor((total - 1) / pageSize) * pageSize);
  const lower = noun.toLowerCase();
  return (
    <div className="button-group">
      <p role="status">
        {noun} {shown === 0 ? 0 : (offset + 1).toLocaleString('en-GB')} to {(offset + shown).toLocaleString('en-GB')} of {total.toLocaleString('en-GB')}.
      </p>
      {offset > 0 ? (
        <>
          <button type="button" className="button-secondary" onClick={() => onPage(0)}>
            First {lower}
          </button>
          <button type="button" className="button-secondary" onClick={() => onPage(Math.max(0, offset - pageSize))}>
            Previous {lower}
          </button>
        </>
      ) : null}
      {offset + shown < total ? (
        <>
          <button type="button" className="button-secondary" onClick={() => onPage(offset + pageSize)}>
            Next {lower}
          </button>
          <button type="button" className="button-secondary" onClick={() => onPage(last)}>
            Last {lower}
          </button>
        </>
      ) : null}
    </div>
  );
}
