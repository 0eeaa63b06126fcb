/**
 * How much the text walkers (Markdown parsing and rendering, chat markup conversion) have done: each character
 * or line they visit counts one step. The app never reads it; tests compare it with the input's length to show
 * that the work stays linear for hostile input, without timing anything.
 */
export const textWork = { steps: 0 };
