export type ConsoleNoticeProps = { notice?: string; error?: string };

export function ConsoleNotice({ notice, error }: ConsoleNoticeProps) {
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
