import { render } from 'preact';
import './ui/styles/base.css';
import './ui/styles/shell.css';
import './ui/styles/conversation.css';
import './ui/styles/overlays.css';
import './ui/styles/screens.css';
import './ui/styles/reports.css';
import { App } from './ui/App';

render(<App />, document.getElementById('app')!);
