// runFormAction is the shape of every form's server action. Its submission
// comes from the request, so it must cope with whatever arrives there.
import { describe, expect, test, vi } from 'vitest';
import { z } from 'zod';
import { runFormAction, submittedForm } from './form-state';

describe('runFormAction', () => {
  // React calls a useActionState action with (previousState, formData). A POST
  // naming the action with `$ACTION_ID_<id>` calls it with (formData) alone, so
  // the second argument is undefined; a crafted fetch action passes anything.
  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'email=a@example.test'],
    ['a plain object', { email: 'a@example.test' }],
    ['an array of pairs', [['email', 'a@example.test']]],
  ])('a submission that is not a form (%s) gets a form state, and the command does not run', async (_case, submission) => {
    const run = vi.fn(() => Promise.resolve({ ok: true }));
    const state = await runFormAction(submission, z.object({}), run);
    expect(state).toEqual({ ok: false, message: 'That form was not understood. Reload the page and try again.' });
    expect(run).not.toHaveBeenCalled();
  });

  test('a form runs the command with the parsed input', async () => {
    const form = new FormData();
    form.set('name', '  Ada ');
    const run = vi.fn((input: { name: string }) => Promise.resolve({ ok: true, message: input.name }));
    expect(await runFormAction(form, z.object({ name: z.string().trim() }), run)).toEqual({ ok: true, message: 'Ada' });
  });
});

describe('submittedForm', () => {
  test('a form is itself; anything else is an empty form, so the schema refuses it instead of a TypeError', () => {
    const form = new FormData();
    expect(submittedForm(form)).toBe(form);
    for (const notAForm of [undefined, 'returnTo=//evil.example', 42, { returnTo: '/x' }]) expect([...submittedForm(notAForm).keys()]).toEqual([]);
  });
});
