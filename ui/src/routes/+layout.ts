// The desktop app embeds a static build: prerender every page, render on the client.
export const prerender = true;
export const ssr = false;
