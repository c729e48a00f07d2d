'use client';

import { lazyNamed } from '@/components/ui/lazy-named';
import type { AppealFormProps } from './appeal-form';

// Only the author of a removed comment sees the form. CommentItem is a server
// component of every article page: imported from there, the form's code
// would be part of every reader's first load.
/**
 * The appeal form, its code loaded when it is shown. No Suspense boundary of
 * its own: the server's HTML waits for it, so that it is there without JavaScript.
 */
export const LazyAppealForm = lazyNamed<AppealFormProps>(() => import('./appeal-form').then((module) => module.AppealForm));
