// data_exfiltration, collection side (complements data-exfiltration.ts): the spyware
// shapes that the first rules left out. Keyloggers built on other hooks (pyxhook, evdev,
// low-level Windows hooks, browser keydown handlers that beacon), screen captures that
// are persisted or read back by OCR, screen grabbers run as commands, raw-socket and
// tcpdump capture, clipboard loggers, microphone listening, browser fingerprinting.
// Every shape comes from general knowledge of how such tools are written; each pairs
// the capture with what makes it collection (a loop, a file, a sender), so a single
// screenshot to measure a window or one platform check stays quiet.

import { followedBy, type RuleSet } from "../rules";

// What a capture is followed by. Shipped (an upload, a socket, an encoder for transport)
// is collection for someone else: flagged. Kept locally (a file, OCR) is what test
// helpers, RPA scripts and computer-use agents do with every screenshot, so on its own it
// is recorded below the flag threshold (0.45), as context for the other findings.
const SHIPPED = /\brequests\.(?:post|put)\s{0,2}\(|\.send(?:all|file)?\s{0,2}\(|\burlopen\s{0,2}\(|\.storbinary\s{0,2}\(|\bbase64\.b64encode\s{0,2}\(/;
const KEPT_LOCALLY = /\.save\s{0,2}\(|\bto_png\s{0,2}\(|\bimwrite\s{0,2}\(|\bSaveBitmapFile\s{0,2}\(|\bimage_to_string\s{0,2}\(|\boutput\s{0,2}=|["'][^"'\n]{1,120}\.(?:png|jpe?g|bmp)["']/;
const shippedAfter = followedBy(SHIPPED, 300, 0.7);
const keptAfter = followedBy(KEPT_LOCALLY, 300, 0.45);
const persistedAfter = (m: RegExpExecArray) => shippedAfter(m) || keptAfter(m);

// A loop that keeps polling, for clipboard loggers.
const KEPT = /\bopen\s{0,2}\([^)\n]{0,120}["'][aw]b?["']|\.write\s{0,2}\(|\bappend\s{0,2}\(|\brequests\.(?:post|put)\s{0,2}\(|\.send(?:all)?\s{0,2}\(|\blogging\.\w{3,8}\s{0,2}\(/;

function clipboardLogger(m: RegExpExecArray): false | { score: number; start: number; end: number } {
  // The paste call inside a polling loop (within 300 characters before it) whose body
  // keeps the text (within 300 characters after it).
  const from = Math.max(0, m.index - 300);
  const before = m.input.slice(from, m.index);
  if (!/\bwhile\s{1,3}(?:True|1)\s{0,2}:|\bwhile\s{0,2}\(\s{0,2}(?:true|1)\s{0,2}\)/.test(before)) return false;
  const e = m.index + m[0].length;
  const after = m.input.slice(e, e + 300);
  const k = KEPT.exec(after);
  return k ? { score: 0.72, start: m.index, end: e + k.index + k[0].length } : false;
}

const BEACON_JS = /\bfetch\s{0,2}\(|\bnavigator\.sendBeacon\s{0,2}\(|\bXMLHttpRequest\b|\.src\s{0,2}=|\bWebSocket\s{0,2}\(|\.send\s{0,2}\(|\baxios\.\w{3,6}\s{0,2}\(|\$\.(?:post|get|ajax)\s{0,2}\(/;
const keyBeacon = followedBy(BEACON_JS, 300, 0.8);

const keyloggers: RuleSet = {
  category: "data_exfiltration",
  keywords: ["pyxhook", "evdev", "/dev/input/", "wh_keyboard", "setwindowshookex", "keydown", "keypress", "keyup", "onkey", "xinput", "logkeys", "getforegroundwindow"],
  window: 400,
  rules: [
    {
      id: "data_exfiltration.capture.keylogger_hook",
      severity: "high",
      score: 0.8,
      re: /\bpyxhook\.HookManager\s{0,2}\(|\.HookKeyboard\s{0,2}\(|\bInputDevice\s{0,2}\(\s{0,2}["']\/dev\/input\/(?:event\d{1,3}|by-id\/[^"'\n]{0,80}kbd)|\/dev\/input\/event\d{1,3}\b[\s\S]{0,300}?\bEV_KEY\b|\bSetWindowsHookEx\w{0,2}\s{0,3}\(\s{0,3}(?:WH_KEYBOARD_LL|13)\b|\bxinput\s{1,3}(?:test|test-xi2)\b[^\n]{0,40}?(?:\d|--root)|\blogkeys\s{1,3}(?:-s|--start)\b/g,
      explanation: "Hooks the keyboard system-wide (keylogger)",
    },
    {
      id: "data_exfiltration.capture.window_title_log",
      severity: "medium",
      score: 0.7,
      // The foreground window's title read and kept: how keyloggers and screen
      // scrapers record which application the user is typing into.
      re: /\bGetForegroundWindow\s{0,2}\(/g,
      check: followedBy(/\bGetWindowText\w{0,2}\s{0,2}\([\s\S]{0,200}?(?:\.write\s{0,2}\(|\bappend\s{0,2}\(|\blogging\.\w{3,8}\s{0,2}\(|\brequests\.(?:post|put)\s{0,2}\(|\.send(?:all)?\s{0,2}\()/, 300, 0.7),
      explanation: "Records the title of the window the user is working in (activity logging)",
    },
    {
      id: "data_exfiltration.capture.keystroke_beacon",
      severity: "high",
      score: 0.8,
      // A page-wide key handler (document/window) whose body sends what was typed.
      re: /\b(?:document|window|body)\.(?:addEventListener\s{0,2}\(\s{0,2}["']key(?:down|press|up)["']|onkey(?:down|press|up)\s{0,2}=)|\$\(\s{0,2}(?:document|window|["']body["'])\s{0,2}\)\.(?:key(?:down|press|up)\s{0,2}\(|on\s{0,2}\(\s{0,2}["']key(?:down|press|up))/g,
      check: keyBeacon,
      explanation: "Page-wide keystroke handler that sends what is typed to a server (web keylogger)",
    },
  ],
};

const screen: RuleSet = {
  category: "data_exfiltration",
  keywords: ["screenshot", "imagegrab", "sct.", "mss", "getdesktopwindow", "d3dshot", "dxcam", "scrot", "-window root", "xwd", "gnome-screenshot", "screencapture", "grim", "copyfromscreen", "image_to_string", "createscreencapture"],
  window: 400,
  rules: [
    {
      id: "data_exfiltration.capture.screen_saved",
      severity: "medium",
      score: 0.7,
      // The capture call, then a save / encode / OCR / upload of the image.
      re: /\b(?:pyautogui\.screenshot|ImageGrab\.grab|pyscreenshot\.grab|sct\.(?:shot|grab)|GetDesktopWindow)\s{0,2}\(/g,
      check: persistedAfter,
      explanation: "Captures the screen and saves, reads or sends the image (screen scraping)",
    },
    {
      id: "data_exfiltration.capture.screen_grabber",
      severity: "medium",
      score: 0.7,
      // Libraries and commands that exist only to grab the whole screen.
      re: /\b(?:d3dshot\.create|dxcam\.create)\s{0,2}\(|\.screenshot_to_disk\s{0,2}\(|(?:^|[\s'"`;|&(\[])(?:scrot|gnome-screenshot|grim)(?:["']?\s{0,2},\s{0,2}["']|\s{1,3})[^\n]{0,80}?\.(?:png|jpe?g)\b|\bimport\s{1,3}-window\s{1,3}root\b|\bxwd\s{1,3}-root\b|\bscreencapture\s{1,3}-[a-zA-Z]{1,6}\b|\.CopyFromScreen\s{0,2}\(|\.createScreenCapture\s{0,2}\(|\bimage_to_string\s{0,2}\(\s{0,2}(?:ImageGrab\.grab|pyautogui\.screenshot)\b/gm,
      explanation: "Grabs the whole screen with a capture tool (screen scraping)",
    },
  ],
};

const eavesdrop: RuleSet = {
  category: "data_exfiltration",
  keywords: ["sock_raw", "tcpdump", "tshark", "dumpcap", "microphone", "pyperclip", "clipboard", "getclipboard", "arp(", "arpspoof", "ettercap", "bettercap", "inputstream"],
  window: 400,
  rules: [
    {
      id: "data_exfiltration.capture.raw_socket_read",
      severity: "high",
      score: 0.75,
      // An IP raw socket that is then read: every packet of that protocol reaches it.
      re: /\bsocket\.SOCK_RAW\b/g,
      check: followedBy(/\.recv(?:from)?\s{0,2}\(/, 300, 0.75),
      explanation: "Reads packets from a raw socket (traffic eavesdropping)",
    },
    {
      id: "data_exfiltration.capture.packet_dump",
      severity: "medium",
      score: 0.7,
      // Capture to a file; an interactive tcpdump to look at a port is ordinary debugging.
      re: /\b(?:tcpdump|tshark|dumpcap)\b["']?(?:\s{0,2},\s{0,2}["']|\s{1,3})[^\n]{0,100}?-w(?:["']?\s{0,2},\s{0,2}["']|\s{1,3})[^\s"']{1,120}/g,
      explanation: "Records network traffic to a capture file (traffic eavesdropping)",
    },
    {
      id: "data_exfiltration.capture.arp_spoof",
      severity: "high",
      score: 0.8,
      // Forged ARP replies put this host between two others (man in the middle).
      re: /\bARP\s{0,2}\(\s{0,2}(?:op\s{0,2}=\s{0,2}(?:2|["']is-at["'])|[^)\n]{0,120}\bop\s{0,2}=\s{0,2}(?:2|["']is-at["']))|\barpspoof\s{1,3}-[it]\b|\bettercap\s{1,3}-[TtGgq]{1,3}\b[^\n]{0,80}-M\s{0,2}arp|\bbettercap\b[^\n]{0,120}arp\.spoof\s{1,3}on/g,
      explanation: "Spoofs ARP replies to intercept other hosts' traffic (eavesdropping)",
    },
    {
      id: "data_exfiltration.capture.audio_input_stream",
      severity: "medium",
      score: 0.7,
      re: /\b(?:sd|sounddevice)\.InputStream\s{0,2}\(/g,
      explanation: "Opens a continuous microphone input stream (eavesdropping)",
    },
    {
      id: "data_exfiltration.capture.microphone_listen",
      severity: "medium",
      score: 0.7,
      re: /\b(?:sr|speech_recognition)\.Microphone\s{0,2}\(/g,
      check: followedBy(/\.(?:listen|record|listen_in_background)\s{0,2}\(/, 300, 0.7),
      explanation: "Listens to the microphone (eavesdropping)",
    },
    {
      id: "data_exfiltration.capture.clipboard_logger",
      severity: "medium",
      score: 0.72,
      re: /\b(?:pyperclip\.paste|win32clipboard\.GetClipboardData|clipboard\.paste|GetClipboardData|Get-Clipboard|pbpaste|xclip\s{1,3}-o|xsel\s{1,3}-o)\b/g,
      check: clipboardLogger,
      explanation: "Polls the clipboard and keeps or sends what it holds (clipboard logger)",
    },
  ],
};

// Browser fingerprinting: a fingerprinting library, or several identifying properties
// read together (see the host-probe counting in data-exfiltration.ts, which these join).
export const BROWSER_PROBES = String.raw`navigator\.(?:userAgent|platform|language|languages|hardwareConcurrency|deviceMemory|plugins|vendor|maxTouchPoints|oscpu|cpuClass|doNotTrack)|screen\.(?:width|height|colorDepth|pixelDepth|availWidth|availHeight)|resolvedOptions\s{0,2}\(\s{0,2}\)\.timeZone|WEBGL_debug_renderer_info|UNMASKED_(?:VENDOR|RENDERER)_WEBGL|\.toDataURL\s{0,2}\(|getTimezoneOffset\s{0,2}\(`;

// What a web server can learn about each visitor; three of them read together (with the
// host probes' distinct-count rule) is a visitor fingerprint.
export const CLIENT_PROBES = String.raw`request\.remote_addr|request\.user_agent|request\.headers(?:\.get)?\s{0,2}[\[(]\s{0,2}["'](?:User-Agent|Accept-Language|X-Forwarded-For|Accept-Encoding)["']|req\.ip\b|req\.headers\[["'](?:user-agent|accept-language|x-forwarded-for)["']\]`;

// The same facts read from Node, Java, .NET and Go (host name, user, OS, CPUs, network
// interfaces).
export const RUNTIME_PROBES = String.raw`\bos\.(?:hostname|userInfo|networkInterfaces|cpus|totalmem|arch|type|release)\s{0,2}\(\s{0,2}\)|System\.getProperty\s{0,2}\(\s{0,2}"(?:os\.name|os\.version|os\.arch|user\.name|user\.home)"|\bEnvironment\.(?:MachineName|UserName|OSVersion|UserDomainName|ProcessorCount)\b|InetAddress\.getLocalHost\s{0,2}\(|\bruntime\.(?:GOOS|GOARCH)\b|\bos\.Hostname\s{0,2}\(`;

const fingerprintLib: RuleSet = {
  category: "data_exfiltration",
  keywords: ["fingerprintjs", "fingerprint2", "clientjs", "evercookie"],
  window: 200,
  rules: [
    {
      id: "data_exfiltration.recon.browser_fingerprint",
      severity: "medium",
      score: 0.7,
      re: /\b(?:FingerprintJS\.load|Fingerprint2\.get(?:V18|Promise)?|new\s{1,3}ClientJS|new\s{1,3}evercookie)\s{0,2}\(|@fingerprintjs\/fingerprintjs/g,
      explanation: "Fingerprints the browser or device (tracking)",
    },
  ],
};

/** Rule sets matched on the clean view. */
export const exfilSpywareClean: RuleSet[] = [keyloggers, screen, eavesdrop, fingerprintLib];
