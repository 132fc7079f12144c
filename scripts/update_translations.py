"""Regenerate the window's translations: lupdate, fill Hindi, lrelease.

    python scripts/update_translations.py

1. ``pyside6-lupdate`` collects every ``self.tr(...)`` and ``translate(context, ...)``
   in ``ui/*.py`` into ``ui/translations/counter_hi.ts`` (the source of truth that a
   translator can also open in Qt Linguist).
2. Messages still unfinished there are filled from :data:`HINDI` below; a message
   with no Hindi here stays unfinished and is listed, so nothing is silently English.
3. ``pyside6-lrelease`` compiles the ``.ts`` to ``counter_hi.qm``, which is committed,
   so a fresh machine needs no build step.

Mnemonics: a Devanagari letter cannot be typed with Alt, so Hindi labels keep the
English access key in brackets, as Qt does for other non-Latin scripts: "राशि (&A)".
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "ui" / "translations" / "counter_hi.ts"
QM = TS.with_suffix(".qm")
BIN = Path(sys.executable).parent

HINDI: dict[str, str] = {
    # login and shift
    "Log in": "लॉग इन",
    "&Cashier id": "कैशियर आईडी (&C)",
    "&PIN": "पिन (&P)",
    "Log in (Enter)": "लॉग इन (Enter)",
    "Counter {counter} · {office}": "काउंटर {counter} · {office}",
    "Type your cashier id.": "अपनी कैशियर आईडी लिखें।",
    "Open a shift": "शिफ्ट खोलें",
    "No shift is open on this counter. {name}, count the cash in the drawer and type the opening float: "
    "rupees (2000) or a count of notes (500x2,100x10).":
        "इस काउंटर पर कोई शिफ्ट खुली नहीं है। {name}, दराज़ की नकदी गिनें और शुरुआती नकदी लिखें: "
        "रुपये (2000) या नोटों की गिनती (500x2,100x10)।",
    "Opening &float": "शुरुआती नकदी (&F)",
    "Open shift (Enter)": "शिफ्ट खोलें (Enter)",
    "Log out (Ctrl+L)": "लॉग आउट (Ctrl+L)",
    "Shift {id} opened with {amount}.": "शिफ्ट {id} {amount} से खुली।",
    # main window
    "Counter {counter} - recharges": "काउंटर {counter} - रिचार्ज",
    "&Counter": "काउंटर (&C)",
    "&View": "देखें (&V)",
    "&Printing": "प्रिंट (&P)",
    "&Language / भाषा": "भाषा / Language (&L)",
    "&Demo": "डेमो (&D)",
    "&Help": "सहायता (&H)",
    "Sync now": "अभी सिंक करें",
    "Log out / switch cashier": "लॉग आउट / कैशियर बदलें",
    "Quit": "बंद करें",
    "Recharge": "रिचार्ज",
    "Transactions": "लेन-देन",
    "Rejected transactions (supervisor)": "अस्वीकृत लेन-देन (पर्यवेक्षक)",
    "Reprint receipt": "रसीद दोबारा छापें",
    "Print on the receipt (thermal) printer": "रसीद (थर्मल) प्रिंटर पर छापें",
    "Print on an office printer (asks which)": "ऑफ़िस प्रिंटर पर छापें (कौन सा, पूछेगा)",
    "Save PDF only, do not print": "केवल PDF सहेजें, न छापें",
    "Keyboard shortcuts": "कीबोर्ड शॉर्टकट",
    "The open shift belongs to {other}; recharges cannot be taken into it by {me}. {other} must close it first.":
        "खुली शिफ्ट {other} की है; {me} इसमें रिचार्ज नहीं ले सकते। पहले {other} इसे बंद करें।",
    "Receipt {receipt}: {result}": "रसीद {receipt}: {result}",
    "Take the demo server down": "डेमो सर्वर बंद करें",
    "Bring the demo server back": "डेमो सर्वर फिर चालू करें",
    "DEMO · server up (Ctrl+D takes it down)": "डेमो · सर्वर चालू (Ctrl+D से बंद)",
    "DEMO · server DOWN (Ctrl+D brings it back)": "डेमो · सर्वर बंद (Ctrl+D से चालू)",
    "Recharge screen: type the consumer number, Enter; amount (Alt+1..Alt+5 for quick amounts), Enter; "
    "cash tendered, Enter takes the recharge. Esc clears.\n\n"
    "F2 recharge · F3 transactions · F4 rejected (supervisor) · F5 sync now\n"
    "Ctrl+P reprint · Ctrl+R refresh list · Ctrl+L log out / switch cashier · Ctrl+Q quit\n"
    "Ctrl+Shift+X X report · Ctrl+Shift+C close my shift · Ctrl+Shift+Z close the day (supervisor) · "
    "Ctrl+Shift+B back up now":
        "रिचार्ज स्क्रीन: उपभोक्ता संख्या लिखें, Enter; राशि (झटपट राशि के लिए Alt+1..Alt+5), Enter; "
        "मिली नकदी, Enter से रिचार्ज हो जाता है। Esc से सब साफ़।\n\n"
        "F2 रिचार्ज · F3 लेन-देन · F4 अस्वीकृत (पर्यवेक्षक) · F5 अभी सिंक\n"
        "Ctrl+P दोबारा छापें · Ctrl+R सूची ताज़ा · Ctrl+L लॉग आउट / कैशियर बदलें · Ctrl+Q बंद\n"
        "Ctrl+Shift+X X रिपोर्ट · Ctrl+Shift+C मेरी शिफ्ट बंद करें · Ctrl+Shift+Z दिन बंद करें (पर्यवेक्षक) · "
        "Ctrl+Shift+B अभी बैकअप लें",
    # recharge screen
    "C&onsumer no.": "उपभोक्ता संख्या (&O)",
    "&Amount (Rs)": "राशि (रु) (&A)",
    "Cash &tendered": "मिली नकदी (&T)",
    "type or scan, then Enter": "लिखें या स्कैन करें, फिर Enter",
    "rupees, then Enter": "रुपये, फिर Enter",
    "empty = exact amount": "खाली = पूरी राशि छुट्टे में",
    "Rs {amount} (Alt+{key})": "रु {amount} (Alt+{key})",
    "Change due": "लौटाने हैं",
    "Take recharge (Enter)": "रिचार्ज लें (Enter)",
    "Clear (Esc)": "साफ़ करें (Esc)",
    "Cashier: {name} ({id})": "कैशियर: {name} ({id})",
    "{number}: not in local directory: the server will check it.":
        "{number}: स्थानीय सूची में नहीं है: सर्वर इसकी जाँच करेगा।",
    "unknown": "पता नहीं",
    "unknown age": "समय पता नहीं",
    "{name}\nMeter {meter} · {subdivision}\nLast known balance {balance} ({age} old)":
        "{name}\nमीटर {meter} · {subdivision}\nआख़िरी ज्ञात बैलेंस {balance} ({age} पुराना)",
    "short {amount}": "{amount} कम",
    "Same consumer again?": "वही उपभोक्ता फिर से?",
    "Consumer {consumer} was recharged {amount} at {time} (receipt {receipt}).\n\n"
    "Take another recharge for this consumer?":
        "उपभोक्ता {consumer} का {time} बजे {amount} का रिचार्ज हो चुका है (रसीद {receipt})।\n\n"
        "क्या इस उपभोक्ता का एक और रिचार्ज लें?",
    "Type the consumer number first.": "पहले उपभोक्ता संख्या लिखें।",
    "Not taken: consumer {consumer} was recharged at {time}.":
        "नहीं लिया गया: उपभोक्ता {consumer} का रिचार्ज {time} बजे हो चुका है।",
    "✔ Saved: receipt {receipt} · consumer {consumer} · {amount} · change {change}.\n"
    "PROVISIONAL until the server confirms it.":
        "✔ सहेजा गया: रसीद {receipt} · उपभोक्ता {consumer} · {amount} · वापसी {change}।\n"
        "सर्वर की पुष्टि तक अस्थायी (PROVISIONAL)।",
    "Receipt {how}.": "रसीद {how}।",
    "The recharge is saved. Ctrl+P prints again.": "रिचार्ज सहेजा गया है। Ctrl+P से फिर छापें।",
    # setup
    "Set up this counter": "यह काउंटर सेट करें",
    "&Counter id (like MNG-01)": "काउंटर आईडी (जैसे MNG-01) (&C)",
    "&Server address": "सर्वर का पता (&S)",
    "API &token (from the server)": "API टोकन (सर्वर से) (&T)",
    "&Office name on receipts": "रसीद पर कार्यालय का नाम (&O)",
    "First supervisor's &id": "पहले पर्यवेक्षक की आईडी (&I)",
    "Supervisor's &name": "पर्यवेक्षक का नाम (&N)",
    "Supervisor's &PIN (4 to 8 digits)": "पर्यवेक्षक का पिन (4 से 8 अंक) (&P)",
    "&Repeat the PIN": "पिन दोबारा (&R)",
    "This PC has no counter yet. Fill in what the utility's IT gave you.":
        "इस पीसी पर अभी कोई काउंटर नहीं है। बिजली कंपनी के आईटी से मिली जानकारी भरें।",
    "The two PINs differ.": "दोनों पिन अलग हैं।",
    # status bar
    "Sync now (F5)": "अभी सिंक करें (F5)",
    "Send pending recharges to the server now": "बाकी रिचार्ज अभी सर्वर को भेजें",
    "never": "कभी नहीं",
    "⏳ {n} waiting to send · {total} NOT YET CREDITED · oldest {age}":
        "⏳ {n} भेजने बाकी · {total} अभी जमा नहीं · सबसे पुराना {age}",
    "Recharges taken here that the server has not confirmed yet. Their receipts say PROVISIONAL.":
        "यहाँ लिए गए रिचार्ज जिनकी सर्वर ने अभी पुष्टि नहीं की। इनकी रसीदों पर अस्थायी (PROVISIONAL) लिखा है।",
    "✔ Nothing pending": "✔ कुछ बाकी नहीं",
    "… reading queue": "… कतार पढ़ रहे हैं",
    "⚠ {n} REJECTED · {total} · supervisor F4": "⚠ {n} अस्वीकृत · {total} · पर्यवेक्षक F4",
    "The server refused these; a supervisor must deal with them (F4).":
        "सर्वर ने इन्हें अस्वीकार किया; पर्यवेक्षक इन्हें देखें (F4)।",
    "0 rejected": "0 अस्वीकृत",
    "⚠ PC clock off by {minutes} min: ask IT": "⚠ पीसी की घड़ी {minutes} मिनट गलत: आईटी से कहें",
    "This PC's clock differs from the server's; receipts show the PC's time.":
        "इस पीसी की घड़ी सर्वर से अलग है; रसीदों पर पीसी का समय छपता है।",
    "↻ Syncing… ": "↻ सिंक हो रहा है… ",
    "last success {time}": "आख़िरी सफल {time}",
    "✖ Server NOT reachable at {time} · {since}": "✖ {time} पर सर्वर से संपर्क नहीं · {since}",
    "? Server not checked yet · {since}": "? सर्वर अभी जाँचा नहीं · {since}",
    "⚠ Server reachable, but sync failed · {since}": "⚠ सर्वर से संपर्क है, पर सिंक विफल · {since}",
    "✔ Server reachable · checked {time}": "✔ सर्वर से संपर्क है · जाँच {time}",
    "✖ Server NOT reachable · {since}": "✖ सर्वर से संपर्क नहीं · {since}",
    # transactions
    "&Date": "तारीख़ (&D)",
    "&Show": "दिखाएँ (&S)",
    "All": "सभी",
    "Pending": "बाकी",
    "Confirmed": "पुष्ट",
    "Rejected": "अस्वीकृत",
    "Today": "आज",
    "Refresh (Ctrl+R)": "ताज़ा करें (Ctrl+R)",
    "Reprint (Ctrl+P)": "दोबारा छापें (Ctrl+P)",
    "Void…": "रद्द करें…",
    "Voiding needs a supervisor and arrives with the reconciliation update.":
        "रद्द करने के लिए पर्यवेक्षक चाहिए; यह मिलान (reconciliation) अपडेट के साथ आएगा।",
    "Rejected, for the supervisor (F4)": "अस्वीकृत, पर्यवेक्षक के लिए (F4)",
    "{n} shown · cash kept {total}": "{n} दिखाए · रखी नकदी {total}",
    "Select a transaction first (arrow keys), then Ctrl+P.": "पहले लेन-देन चुनें (तीर कुंजियाँ), फिर Ctrl+P।",
    "Void receipt {receipt}": "रसीद {receipt} रद्द करें",
    "Receipt {receipt} voided.": "रसीद {receipt} रद्द हुई।",
    "Supervisor &id": "पर्यवेक्षक आईडी (&I)",
    "&Reason": "कारण (&R)",
    "Supervisor": "पर्यवेक्षक",
    "Give the reason.": "कारण लिखें।",
    "The server refused these recharges. The cash was taken: check each with the consumer and the utility, "
    "then void or re-enter it as the reconciliation rules say.":
        "सर्वर ने ये रिचार्ज अस्वीकार किए। नकदी ली जा चुकी है: हर एक को उपभोक्ता और बिजली कंपनी से जाँचें, "
        "फिर मिलान के नियमों के अनुसार रद्द करें या दोबारा दर्ज करें।",
    "Rejected transactions": "अस्वीकृत लेन-देन",
    "PENDING": "बाकी",
    "CONFIRMED": "पुष्ट",
    "REJECTED": "अस्वीकृत",
    "Receipt": "रसीद",
    "Time": "समय",
    "Consumer": "उपभोक्ता",
    "Amount": "राशि",
    "Status": "स्थिति",
    "Reason": "कारण",
    "Server ref / last error": "सर्वर संदर्भ / आख़िरी त्रुटि",
    # printing
    "Receipt printing is not installed on this PC; the recharge is saved. Write the receipt number on a slip.":
        "इस पीसी पर रसीद छपाई स्थापित नहीं है; रिचार्ज सहेजा गया है। रसीद संख्या पर्ची पर लिख दें।",
    "Receipt not made: {error}": "रसीद नहीं बनी: {error}",
    "Receipt not made (internal error, logged to {log}).": "रसीद नहीं बनी (आंतरिक त्रुटि, {log} में दर्ज)।",
    "printed on the receipt printer": "रसीद प्रिंटर पर छपी",
    "Printing cancelled. The receipt is saved as {pdf}.": "छपाई रद्द। रसीद {pdf} में सहेजी गई है।",
    "sent to the office printer": "ऑफ़िस प्रिंटर को भेजी गई",
    "saved as PDF": "PDF में सहेजी गई",
    "Printer problem: {error}": "प्रिंटर में समस्या: {error}",
    " (DUPLICATE no. {n})": " (डुप्लिकेट सं. {n})",
    "The server refused these recharges. The cash was taken: check each with the consumer and the utility, "
    "then send it again under the right consumer number, or refund the cash.":
        "सर्वर ने ये रिचार्ज अस्वीकार किए। नकदी ली जा चुकी है: हर एक को उपभोक्ता और बिजली कंपनी से जाँचें, "
        "फिर सही उपभोक्ता संख्या से दोबारा भेजें, या नकदी लौटाएँ।",
    "Right &consumer no.": "सही उपभोक्ता संख्या (&C)",
    "Send again under this number": "इस संख्या से दोबारा भेजें",
    "&Refund the cash": "नकदी लौटाएँ (&R)",
    "Select a rejected transaction first.": "पहले कोई अस्वीकृत लेन-देन चुनें।",
    "Receipt {old} sent again as {new} for consumer {consumer}.":
        "रसीद {old} उपभोक्ता {consumer} के लिए {new} के रूप में दोबारा भेजी गई।",
    "Receipt {receipt}: pay {amount} back to the consumer from the drawer.":
        "रसीद {receipt}: दराज़ से उपभोक्ता को {amount} लौटाएँ।",
    "&Note": "टिप्पणी (&N)",
    "VOID": "रद्द",
    "CORRECTED": "सुधारा गया",
    "REFUNDED": "लौटाया गया",
    "Void": "रद्द",
    "Corrected": "सुधारे गए",
    "Refunded": "लौटाए गए",
    "Printing receipt {receipt}…": "रसीद {receipt} छप रही है…",
    "Printing the receipt…": "रसीद छप रही है…",
    "Void… (Ctrl+Del)": "रद्द करें… (Ctrl+Del)",
    "Select a transaction first (arrow keys), then Ctrl+Del.": "पहले लेन-देन चुनें (तीर कुंजियाँ), फिर Ctrl+Del।",
    # closing a shift (blind count)
    "Close shift - blind count": "शिफ्ट बंद करें - बिना देखे गिनती",
    "Close shift {id}: count the drawer": "शिफ्ट {id} बंद करें: दराज़ की नकदी गिनें",
    "Count the notes and coins in the drawer and type how many of each (Enter moves to the next). "
    "The amount the drawer should hold is shown only after you submit: every count is recorded.":
        "दराज़ के नोट और सिक्के गिनें और हर एक की संख्या लिखें (Enter से अगला)। दराज़ में कितनी नकदी होनी "
        "चाहिए, यह गिनती जमा करने के बाद ही दिखेगा: हर गिनती दर्ज होती है।",
    "Pieces": "संख्या",
    "Rs {value}": "रु {value}",
    "Supervisor sign-off": "पर्यवेक्षक की मंज़ूरी",
    "A supervisor checks the drawer, then signs off with id, PIN and a note saying what was found.":
        "पर्यवेक्षक दराज़ जाँचें, फिर आईडी, पिन और जो मिला उसकी टिप्पणी के साथ मंज़ूरी दें।",
    "Cancel (Esc)": "रद्द करें (Esc)",
    "Close (Esc)": "बंद करें (Esc)",
    "Done (Enter)": "हो गया (Enter)",
    "Sign off and close shift (Enter)": "मंज़ूरी दें और शिफ्ट बंद करें (Enter)",
    "Submit count (Ctrl+Enter)": "गिनती जमा करें (Ctrl+Enter)",
    "Counted: {total}": "गिनी गई: {total}",
    "No shift is open on this counter: there is nothing to close.":
        "इस काउंटर पर कोई शिफ्ट खुली नहीं है: बंद करने को कुछ नहीं।",
    "The open shift is {other}'s; {other} closes it with their own login.":
        "खुली शिफ्ट {other} की है; {other} अपने लॉग इन से इसे बंद करें।",
    "Counted {counted}, expected {expected}: exact.": "गिनी गई {counted}, होनी चाहिए {expected}: बिल्कुल बराबर।",
    "Counted {counted}, expected {expected}: {amount} over.":
        "गिनी गई {counted}, होनी चाहिए {expected}: {amount} ज़्यादा।",
    "Counted {counted}, expected {expected}: {amount} short.":
        "गिनी गई {counted}, होनी चाहिए {expected}: {amount} कम।",
    "Type the supervisor's id.": "पर्यवेक्षक की आईडी लिखें।",
    "Write what the supervisor found (a short note).": "पर्यवेक्षक को जो मिला, वह लिखें (छोटी टिप्पणी)।",
    "{n} receipts ({first} to {last})": "{n} रसीदें ({first} से {last})",
    "no receipts": "कोई रसीद नहीं",
    "Shift {id} of {cashier} closed.": "{cashier} की शिफ्ट {id} बंद हुई।",
    "Opening float {float} · cash recharges {gross} · voids {voids} · refunds {refunds}":
        "शुरुआती नकदी {float} · नकद रिचार्ज {gross} · रद्द {voids} · लौटाए {refunds}",
    "Signed off by {supervisor}: {note}": "{supervisor} की मंज़ूरी: {note}",
    "Hand the cash to the supervisor. You are logged out.": "नकदी पर्यवेक्षक को सौंपें। आप लॉग आउट हो गए हैं।",
    # counter menu: reports and backups
    "X report (the shift so far)": "X रिपोर्ट (शिफ्ट अब तक)",
    "Close my shift (blind count)…": "मेरी शिफ्ट बंद करें (बिना देखे गिनती)…",
    "Close the day: Z report (supervisor)…": "दिन बंद करें: Z रिपोर्ट (पर्यवेक्षक)…",
    "Back up now": "अभी बैकअप लें",
    "Backing up after the shift close…": "शिफ्ट बंद होने के बाद बैकअप हो रहा है…",
    "Close the day: supervisor": "दिन बंद करें: पर्यवेक्षक",
    "Backing up…": "बैकअप हो रहा है…",
    "Backup NOT made: {error}": "बैकअप नहीं बना: {error}",
    "Backup written: {file} ({size} KB)": "बैकअप बन गया: {file} ({size} KB)",
    # X and Z reports
    "X report": "X रिपोर्ट",
    "Save PDF… (Ctrl+S)": "PDF सहेजें… (Ctrl+S)",
    "Print… (Ctrl+P)": "छापें… (Ctrl+P)",
    "X report: shift {id} so far": "X रिपोर्ट: शिफ्ट {id} अब तक",
    "Cashier {cashier} · opened {opened} · the shift stays open":
        "कैशियर {cashier} · {opened} पर खुली · शिफ्ट खुली रहती है",
    "{n} ({first} to {last})": "{n} ({first} से {last})",
    "Receipts issued": "जारी रसीदें",
    "Opening float": "शुरुआती नकदी",
    "Cash recharges (gross)": "नकद रिचार्ज (कुल)",
    "Voids ({n})": "रद्द ({n})",
    "Refunds paid ({n})": "लौटाए गए ({n})",
    "Expected in the drawer": "दराज़ में होनी चाहिए",
    "Close the day - Z report": "दिन बंद करें - Z रिपोर्ट",
    "Business &day": "कारोबारी दिन (&D)",
    "Close the day (Enter)": "दिन बंद करें (Enter)",
    "Open PDF (Ctrl+O)": "PDF खोलें (Ctrl+O)",
    "Save a copy…": "एक प्रति सहेजें…",
    "Close the day": "दिन बंद करें",
    "Supervisor {supervisor}: this makes the day's Z report, once, numbered, never rewritten. Every shift of "
    "the day must be closed first; transactions the server has not credited yet are carried over and listed "
    "on the report.":
        "पर्यवेक्षक {supervisor}: इससे दिन की Z रिपोर्ट बनती है, एक ही बार, क्रमांकित, कभी बदली नहीं जाती। "
        "पहले दिन की हर शिफ्ट बंद होनी चाहिए; जो लेन-देन सर्वर ने अभी जमा नहीं किए, वे आगे ले जाए जाते हैं "
        "और रिपोर्ट में सूचीबद्ध होते हैं।",
    "The day is closed; the PDF could not be kept. 'counter-app report z --reprint' makes it again.":
        "दिन बंद हो गया; PDF सहेजी नहीं जा सकी। 'counter-app report z --reprint' से दोबारा बनती है।",
    "PDF kept as {path}": "PDF {path} में रखी गई",
    "Z report No. {z} · {date}": "Z रिपोर्ट सं. {z} · {date}",
    "Day closed by {supervisor} at {time}.": "{supervisor} ने {time} पर दिन बंद किया।",
    "Shifts": "शिफ्टें",
    "Voids": "रद्द",
    "Refunds paid": "लौटाए गए",
    "Expected in the drawers": "दराज़ों में होनी चाहिए",
    "Counted": "गिनी गई",
    "Variance": "अंतर",
    "{amount} over": "{amount} ज़्यादा",
    "{amount} short": "{amount} कम",
    "none": "कोई नहीं",
    "Paid at the counter, not yet credited": "काउंटर पर भुगतान, अभी जमा नहीं",
    "{n} · {amount}": "{n} · {amount}",
    "Save the report as PDF": "रिपोर्ट PDF में सहेजें",
    "Saved as {path}": "{path} में सहेजी गई",
    "Printing cancelled.": "छपाई रद्द।",
    "Sent to the printer.": "प्रिंटर को भेजी गई।",
}


def fill(ts: Path) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if source in HINDI:
            translation.text = HINDI[source]
            translation.attrib.pop("type", None)   # finished
        elif translation.attrib.get("type") in ("unfinished", None) and not translation.text:
            translation.set("type", "unfinished")
            missing.append(source)
        if translation.attrib.get("type") == "obsolete" or translation.attrib.get("type") == "vanished":
            continue
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    sources = sorted(str(p) for p in (ROOT / "ui").glob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(TS),
                    "-target-language", "hi_IN"], check=True)
    missing = fill(TS)
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    for source in missing:
        print(f"no Hindi yet: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
