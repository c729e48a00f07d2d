import { acknowledgeWarningAction } from '@/app/(site)/account/actions';

/** A moderator's warning, until the reader acknowledges it. */
export function WarningMessage({ warning }: { warning: string }) {
  return (
    <div className="warning-banner" role="alert">
      <p>
        <strong>A moderator has warned you:</strong> {warning}
      </p>
      <form action={acknowledgeWarningAction}>
        <button type="submit" className="button button--small">
          I have read this
        </button>
      </form>
    </div>
  );
}
