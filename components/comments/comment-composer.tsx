'use client';

import Link from 'next/link';
import { Fragment, type ReactNode, Suspense, useActionState, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { useFormStatus } from 'react-dom';
import { postCommentAction, type PostCommentState } from '@/app/(site)/articles/[slug]/actions';
import { lazyNamed } from '@/components/ui/lazy-named';
import { useThreadOverlay } from '@/components/viewer/page-viewer-store';
import { COMMENT_MAX, COMMENT_TOO_LONG, commentLength } from '@/lib/comments/limits';

// Signed-in readers only, once they are in the box: not part of the page's first load.
const MentionSuggestions = lazyNamed(() => import('./mention-suggestions').then((module) => module.MentionSuggestions));
// How the script posts, and the markup of a posted comment: loaded when the reader enters the box, not with the page.
const loadPosting = () => import('./post-comment-from-script');
async function postCommentFromScript(state: PostCommentState, formData: FormData): Promise<PostCommentState> {
  // A chunk that cannot load (offline, a deploy since the page loaded) is a failed post like any other, text kept.
  const posting = await loadPosting().catch(() => null);
  if (!posting) return { ok: false, message: 'Your comment could not be sent: the connection failed. Your text is kept; try again.' };
  return posting.postCommentFromScript(state, formData);
}
// Only shown after the server refused an unverified reader's post: not part of every reader's first load.
const ResendVerificationButton = lazyNamed(() => import('@/components/auth/resend-verification-button').then((module) => module.ResendVerificationButton));

export type QuoteEventDetail = { text: string; paragraphId: string };
export const QUOTE_EVENT = 'parley:quote';

export type CommentComposerProps = {
  articleId: string;
  articleSlug: string;
  /** Fresh per render on the server, so a form posted without JavaScript has one too; empty on a cached page shared by anonymous readers. */
  initialKey: string;
  signedIn: boolean;
  replyToId?: string;
  replyToName?: string;
  /** Only the main composer receives "Quote in a comment". */
  acceptsQuotes?: boolean;
};

const draftKeyOf = (articleId: string, replyToId?: string) => `parley:draft:${articleId}:${replyToId ?? 'top'}`;

function readDraft(key: string): { body: string; quotedParagraphId?: string } | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as { body: string; quotedParagraphId?: string }) : null;
  } catch {
    return null;
  }
}

function PostingPreview({ body }: { body: string }) {
  const { pending } = useFormStatus();
  if (!pending) return null;
  return (
    <div className="comment comment--posting" aria-live="polite">
      <p className="comment__status">Posting…</p>
      <p className="comment__preview">{body}</p>
    </div>
  );
}

function SubmitButton({ label, blocked }: { label: string; blocked: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" className="button" disabled={pending || blocked} aria-disabled={pending || blocked}>
      {pending ? 'Posting…' : label}
    </button>
  );
}

const subscribeToNothing = () => () => {};
/** False on the server and while hydrating, true once the page's script runs. */
const useScriptRunning = () =>
  useSyncExternalStore(
    subscribeToNothing,
    () => true,
    () => false,
  );

/**
 * Writes a comment or reply. A plain form posted to a server action, so it
 * works before JavaScript loads; with JavaScript it counts characters, keeps a
 * draft in this browser (across the sign-in round trip too), shows the comment
 * while it posts, and keeps the text when posting fails.
 */
export function CommentComposer({ articleId, articleSlug, initialKey, signedIn: renderedSignedIn, replyToId, replyToName, acceptsQuotes }: CommentComposerProps) {
  // On a shared cached page the reader's part arrives from /api/viewer after hydration.
  const overlay = useThreadOverlay(articleSlug);
  const signedIn = renderedSignedIn || overlay !== null;
  // Without JavaScript the form posts to its server action; once the script
  // runs, to POST /api/comments (./post-comment-from-script.ts), which answers
  // with data instead of a rendered tree and costs the server less per post.
  // The script's state starts from the action's, so a page rendered after a
  // plain form post keeps its message once hydrated.
  const [actionState, serverAction] = useActionState<PostCommentState, FormData>(postCommentAction, { ok: false });
  const [scriptState, scriptAction] = useActionState<PostCommentState, FormData>(postCommentFromScript, actionState);
  const scriptRunning = useScriptRunning();
  const [state, formAction] = scriptRunning ? [scriptState, scriptAction] : [actionState, serverAction];
  // A page rendered after a plain form post already shows the new comment in the thread.
  const [stateAtLoad] = useState(state);
  const [posted, setPosted] = useState<{ id: string; comment: ReactNode }[]>([]);
  const [body, setBody] = useState(state.values?.body ?? '');
  const [quotedParagraphId, setQuotedParagraphId] = useState(state.values?.quotedParagraphId ?? '');
  // A cached anonymous page carries no key (comment-thread.tsx): the browser
  // makes one as it first renders the box, not in an effect, so no submission
  // can ever go out with an empty key (a double click right after the reader's
  // part arrived did). The server's HTML shows no key input on such a page, so
  // hydration has nothing to mismatch.
  const [idempotencyKey, setIdempotencyKey] = useState(() => initialKey || (typeof window === 'undefined' ? '' : crypto.randomUUID()));
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  // Mention suggestions come with the first focus of the box (they pick up an "@" typed meanwhile).
  const [inTheBox, setInTheBox] = useState(false);
  const id = useId();
  const draftKey = draftKeyOf(articleId, replyToId);
  const label = replyToName ? `Reply to ${replyToName}` : 'Share your insight';
  const callbackUrl = `/articles/${articleSlug}#${replyToId ? `comment-${replyToId}` : 'comments'}`;

  useEffect(() => {
    // A box focused before the page's script ran had no onFocus.
    if (document.activeElement === textareaRef.current) setInTheBox(true);
    // Text typed before the page's script ran is in the box but not in
    // state; else the draft this browser kept. Both exist only after hydration.
    const typed = textareaRef.current?.value;
    const draft = readDraft(draftKey);
    const restored = typed || draft?.body;
    if (restored) {
      setBody((current) => current || restored);
      if (!typed && draft?.quotedParagraphId) setQuotedParagraphId(draft.quotedParagraphId);
    }
  }, [draftKey]);

  // Fetched while the reader writes rather than after they post.
  useEffect(() => {
    if (inTheBox && signedIn)
      void loadPosting()
        .then(({ loadCommentItem }) => loadCommentItem())
        .catch(() => undefined);
  }, [inTheBox, signedIn]);

  useEffect(() => {
    try {
      if (body) window.localStorage.setItem(draftKey, JSON.stringify({ body, quotedParagraphId: quotedParagraphId || undefined }));
      else window.localStorage.removeItem(draftKey);
    } catch {
      // Storage can be full or disabled; the draft then lives only in the box.
    }
  }, [body, quotedParagraphId, draftKey]);

  const postedId = state.ok ? state.values?.postedId : undefined;
  useEffect(() => {
    if (!postedId) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a post just succeeded: clear the box for the next one
    setBody('');
    setQuotedParagraphId('');
    setIdempotencyKey(crypto.randomUUID());
    if (state !== stateAtLoad && state.posted) {
      const comment = state.posted;
      setPosted((shown) => (shown.some((item) => item.id === postedId) ? shown : [...shown, { id: postedId, comment }]));
    }
  }, [postedId, state, stateAtLoad]);

  // The action does not re-render the page: the new comment shows under this
  // box until the thread is next rendered on the server (a new initialKey),
  // which then has it in its place.
  // eslint-disable-next-line react-hooks/set-state-in-effect -- reset when the server sends a new thread
  useEffect(() => setPosted([]), [initialKey]);

  useEffect(() => {
    if (!acceptsQuotes) return;
    const onQuote = (event: Event) => {
      const { text, paragraphId } = (event as CustomEvent<QuoteEventDetail>).detail;
      const quote = `${text
        .trim()
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')}\n\n`;
      setBody((current) => quote + current);
      setQuotedParagraphId(paragraphId);
      textareaRef.current?.scrollIntoView({ block: 'center' });
      textareaRef.current?.focus();
    };
    window.addEventListener(QUOTE_EVENT, onQuote);
    return () => window.removeEventListener(QUOTE_EVENT, onQuote);
  }, [acceptsQuotes]);

  const length = commentLength(body);
  const over = length > COMMENT_MAX;
  // Text over the limit is not sent: it could only come back refused, and a
  // pasted megabyte would cost both sides for nothing. Only while the script
  // runs: without it the counter never updates, so a button disabled in the
  // server's answer would stay disabled after the text is shortened.
  const blocked = scriptRunning && over;
  const error = over ? COMMENT_TOO_LONG : state.ok ? undefined : (state.fieldErrors?.body?.join(' ') ?? state.message);
  const textareaId = `${id}-body`;

  const textarea = (
    <textarea
      ref={textareaRef}
      id={textareaId}
      name="body"
      rows={replyToId ? 3 : 5}
      value={body}
      onChange={(event) => setBody(event.target.value)}
      onFocus={() => setInTheBox(true)}
      aria-invalid={error ? true : undefined}
      aria-describedby={`${id}-help ${id}-count${error ? ` ${id}-error` : ''}`}
      placeholder={replyToId ? undefined : 'What do you think? Quote a passage by selecting it in the article.'}
    />
  );
  const help = (
    <p id={`${id}-help`} className="field__hint">
      **bold**, *italic*, [links](https://…), &gt; quotes, lists and `code`. Type @ to mention someone in this thread: @[Their Name].
    </p>
  );
  const counter = (
    <p id={`${id}-count`} className={over ? 'composer__count composer__count--over' : 'composer__count'}>
      {length.toLocaleString('en-US')} / {COMMENT_MAX.toLocaleString('en-US')}
    </p>
  );

  if (overlay && !overlay.canPost) {
    return (
      <p className="form-message form-message--error" role="status">
        {overlay.restriction ?? 'Comments are closed on this article.'} You can still read the discussion.
      </p>
    );
  }

  // One form whoever reads: the box stays the same element when a shared
  // page learns its reader is signed in (/api/viewer), so what was typed
  // meanwhile stays in it. Signed out, it has nothing to submit with.
  const form = (
    <form
      action={signedIn ? formAction : undefined}
      onSubmit={(event) => {
        if (over || !signedIn) event.preventDefault();
      }}
      className="composer"
      id={replyToId ? undefined : 'comment-form'}
    >
      {signedIn && (
        <>
          <input type="hidden" name="articleId" value={articleId} />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          {replyToId && <input type="hidden" name="replyToId" value={replyToId} />}
          {quotedParagraphId && <input type="hidden" name="quotedParagraphId" value={quotedParagraphId} />}
        </>
      )}
      <label htmlFor={textareaId}>{label}</label>
      {signedIn && help}
      {textarea}
      {signedIn && inTheBox && (
        <Suspense fallback={null}>
          <MentionSuggestions textareaRef={textareaRef} body={body} onBodyChange={setBody} />
        </Suspense>
      )}
      {counter}
      {signedIn ? (
        <>
          {error && (
            <p id={`${id}-error`} role="alert" className="field__error">
              {error}
            </p>
          )}
          {state.ok && state.message && (
            <p role="status" className="form-message form-message--ok">
              {state.message}
            </p>
          )}
          <PostingPreview body={body} />
          <SubmitButton label={replyToId ? 'Post reply' : 'Post comment'} blocked={blocked} />
        </>
      ) : (
        <p>
          <Link className="button" href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>
            Sign in to comment
          </Link>{' '}
          Your draft is kept while you sign in.
        </p>
      )}
    </form>
  );
  // Outside the composer's form: forms do not nest. The draft stays in the box meanwhile.
  const resend = !state.ok && state.code === 'EMAIL_NOT_VERIFIED' && <ResendVerificationButton />;
  if (posted.length === 0 && !resend) return form;
  return (
    <>
      {form}
      {resend}
      {posted.length > 0 && (
        <ol
          className={replyToId ? 'comment-replies comment-list--posted' : 'comment-list comment-list--posted'}
          aria-label={replyToId ? 'Your new replies' : 'Your new comments'}
        >
          {posted.map((item) => (
            <Fragment key={item.id}>{item.comment}</Fragment>
          ))}
        </ol>
      )}
    </>
  );
}
