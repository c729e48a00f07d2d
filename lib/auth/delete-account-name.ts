/** How a deleted account appears wherever its name was shown. */
export const DELETED_USER_NAME = 'Deleted user';
