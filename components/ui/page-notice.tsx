export type PageNoticeProps = { notice?: string; error?: string };

/** The outcome of a form that posted and came back (?notice= or ?error= in the URL). */
export function PageNotice({ notice, error }: PageNoticeProps) {
  return (
    <>
      {notice && (
        <p role="status" className="form-message form-message--ok">
          {notice}
        </p>
      )}
      {error && (
        <p role="alert" className="form-message form-message--error">
          {error}
        </p>
      )}
    </>
  );
}
