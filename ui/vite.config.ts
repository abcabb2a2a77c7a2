import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig(({ command, mode }) => ({
	// The browser fake backend is built into `vite dev` and the unit tests, never into the
	// desktop bundle (`vite build` in production mode): there the fake is dropped as dead code.
	define: { __GERBANG_FAKE__: JSON.stringify(command === 'serve' || mode !== 'production') },
	plugins: [
		sveltekit({
			compilerOptions: {
				runes: ({ filename }) =>
					filename.split(/[/\\]/).includes('node_modules') ? undefined : true
			},
			// A static build the desktop app embeds; every page is prerendered, routing is client-side.
			adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true })
		})
	],
	// Tauri serves the build; a fixed port keeps `vite dev` predictable for browser tests.
	server: { port: 5174, strictPort: true },
	clearScreen: false,
	test: {
		include: ['src/**/*.test.ts'],
		environment: 'node'
	}
}));
