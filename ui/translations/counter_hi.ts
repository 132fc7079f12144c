<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="hi_IN">
<context>
    <name>CloseShiftDialog</name>
    <message>
        <location filename="../close_shift.py" line="199" />
        <source>Close shift - blind count</source>
        <translation>शिफ्ट बंद करें - बिना देखे गिनती</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="200" />
        <source>Close shift {id}: count the drawer</source>
        <translation>शिफ्ट {id} बंद करें: दराज़ की नकदी गिनें</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="203" />
        <source>Count the notes and coins in the drawer and type how many of each (Enter moves to the next). The amount the drawer should hold is shown only after you submit: every count is recorded.</source>
        <translation>दराज़ के नोट और सिक्के गिनें और हर एक की संख्या लिखें (Enter से अगला)। दराज़ में कितनी नकदी होनी चाहिए, यह गिनती जमा करने के बाद ही दिखेगा: हर गिनती दर्ज होती है।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="206" />
        <source>Pieces</source>
        <translation>संख्या</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="208" />
        <source>Rs {value}</source>
        <translation>रु {value}</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="209" />
        <source>Supervisor sign-off</source>
        <translation>पर्यवेक्षक की मंज़ूरी</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="211" />
        <source>A supervisor checks the drawer, then signs off with id, PIN and a note saying what was found.</source>
        <translation>पर्यवेक्षक दराज़ जाँचें, फिर आईडी, पिन और जो मिला उसकी टिप्पणी के साथ मंज़ूरी दें।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="212" />
        <source>Supervisor &amp;id</source>
        <translation>पर्यवेक्षक आईडी (&amp;I)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="212" />
        <source>&amp;PIN</source>
        <translation>पिन (&amp;P)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="213" />
        <source>&amp;Note</source>
        <translation>टिप्पणी (&amp;N)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="215" />
        <source>Cancel (Esc)</source>
        <translation>रद्द करें (Esc)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="215" />
        <source>Close (Esc)</source>
        <translation>बंद करें (Esc)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="217" />
        <source>Done (Enter)</source>
        <translation>हो गया (Enter)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="219" />
        <source>Sign off and close shift (Enter)</source>
        <translation>मंज़ूरी दें और शिफ्ट बंद करें (Enter)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="221" />
        <source>Submit count (Ctrl+Enter)</source>
        <translation>गिनती जमा करें (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="243" />
        <source>Counted: {total}</source>
        <translation>गिनी गई: {total}</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="256" />
        <source>No shift is open on this counter: there is nothing to close.</source>
        <translation>इस काउंटर पर कोई शिफ्ट खुली नहीं है: बंद करने को कुछ नहीं।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="258" />
        <source>The open shift is {other}'s; {other} closes it with their own login.</source>
        <translation>खुली शिफ्ट {other} की है; {other} अपने लॉग इन से इसे बंद करें।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="270" />
        <source>Counted {counted}, expected {expected}: exact.</source>
        <translation>गिनी गई {counted}, होनी चाहिए {expected}: बिल्कुल बराबर।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="272" />
        <source>Counted {counted}, expected {expected}: {amount} over.</source>
        <translation>गिनी गई {counted}, होनी चाहिए {expected}: {amount} ज़्यादा।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="273" />
        <source>Counted {counted}, expected {expected}: {amount} short.</source>
        <translation>गिनी गई {counted}, होनी चाहिए {expected}: {amount} कम।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="307" />
        <source>Type the supervisor's id.</source>
        <translation>पर्यवेक्षक की आईडी लिखें।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="310" />
        <source>Write what the supervisor found (a short note).</source>
        <translation>पर्यवेक्षक को जो मिला, वह लिखें (छोटी टिप्पणी)।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="338" />
        <source>{n} receipts ({first} to {last})</source>
        <translation>{n} रसीदें ({first} से {last})</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="340" />
        <source>no receipts</source>
        <translation>कोई रसीद नहीं</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="342" />
        <source>Shift {id} of {cashier} closed.</source>
        <translation>{cashier} की शिफ्ट {id} बंद हुई।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="344" />
        <source>Opening float {float} · cash recharges {gross} · voids {voids} · refunds {refunds}</source>
        <translation>शुरुआती नकदी {float} · नकद रिचार्ज {gross} · रद्द {voids} · लौटाए {refunds}</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="350" />
        <source>Signed off by {supervisor}: {note}</source>
        <translation>{supervisor} की मंज़ूरी: {note}</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="352" />
        <source>Hand the cash to the supervisor. You are logged out.</source>
        <translation>नकदी पर्यवेक्षक को सौंपें। आप लॉग आउट हो गए हैं।</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../login_page.py" line="79" />
        <source>Log in</source>
        <translation>लॉग इन</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="80" />
        <source>&amp;Cashier id</source>
        <translation>कैशियर आईडी (&amp;C)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="81" />
        <source>&amp;PIN</source>
        <translation>पिन (&amp;P)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="82" />
        <source>Log in (Enter)</source>
        <translation>लॉग इन (Enter)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="85" />
        <source>Counter {counter} · {office}</source>
        <translation>काउंटर {counter} · {office}</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="103" />
        <source>Type your cashier id.</source>
        <translation>अपनी कैशियर आईडी लिखें।</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="151" />
        <source>Counter {counter} - recharges</source>
        <translation>काउंटर {counter} - रिचार्ज</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="152" />
        <source>&amp;Counter</source>
        <translation>काउंटर (&amp;C)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="153" />
        <source>&amp;View</source>
        <translation>देखें (&amp;V)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="154" />
        <source>&amp;Printing</source>
        <translation>प्रिंट (&amp;P)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="155" />
        <source>&amp;Language / भाषा</source>
        <translation>भाषा / Language (&amp;L)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="156" />
        <source>&amp;Demo</source>
        <translation>डेमो (&amp;D)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="157" />
        <source>&amp;Help</source>
        <translation>सहायता (&amp;H)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="158" />
        <source>Sync now</source>
        <translation>अभी सिंक करें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="159" />
        <source>Log out / switch cashier</source>
        <translation>लॉग आउट / कैशियर बदलें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="160" />
        <source>X report (the shift so far)</source>
        <translation>X रिपोर्ट (शिफ्ट अब तक)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="161" />
        <source>Close my shift (blind count)…</source>
        <translation>मेरी शिफ्ट बंद करें (बिना देखे गिनती)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="162" />
        <source>Close the day: Z report (supervisor)…</source>
        <translation>दिन बंद करें: Z रिपोर्ट (पर्यवेक्षक)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="163" />
        <source>Back up now</source>
        <translation>अभी बैकअप लें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="164" />
        <source>Quit</source>
        <translation>बंद करें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="165" />
        <source>Recharge</source>
        <translation>रिचार्ज</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="166" />
        <source>Transactions</source>
        <translation>लेन-देन</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="167" />
        <source>Rejected transactions (supervisor)</source>
        <translation>अस्वीकृत लेन-देन (पर्यवेक्षक)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="168" />
        <source>Reprint receipt</source>
        <translation>रसीद दोबारा छापें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="169" />
        <source>Print on the receipt (thermal) printer</source>
        <translation>रसीद (थर्मल) प्रिंटर पर छापें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="170" />
        <source>Print on an office printer (asks which)</source>
        <translation>ऑफ़िस प्रिंटर पर छापें (कौन सा, पूछेगा)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="171" />
        <source>Save PDF only, do not print</source>
        <translation>केवल PDF सहेजें, न छापें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="172" />
        <location filename="../main_window.py" line="409" />
        <source>Keyboard shortcuts</source>
        <translation>कीबोर्ड शॉर्टकट</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="240" />
        <source>The open shift belongs to {other}; recharges cannot be taken into it by {me}. {other} must close it first.</source>
        <translation>खुली शिफ्ट {other} की है; {me} इसमें रिचार्ज नहीं ले सकते। पहले {other} इसे बंद करें।</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="285" />
        <source>Backing up after the shift close…</source>
        <translation>शिफ्ट बंद होने के बाद बैकअप हो रहा है…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="303" />
        <source>Close the day: supervisor</source>
        <translation>दिन बंद करें: पर्यवेक्षक</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="316" />
        <source>Backing up…</source>
        <translation>बैकअप हो रहा है…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="331" />
        <source>Backup NOT made: {error}</source>
        <translation>बैकअप नहीं बना: {error}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="333" />
        <source>Backup written: {file} ({size} KB)</source>
        <translation>बैकअप बन गया: {file} ({size} KB)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="368" />
        <source>Printing receipt {receipt}…</source>
        <translation>रसीद {receipt} छप रही है…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="372" />
        <source>Receipt {receipt}: {result}</source>
        <translation>रसीद {receipt}: {result}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="401" />
        <source>Take the demo server down</source>
        <translation>डेमो सर्वर बंद करें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="402" />
        <source>Bring the demo server back</source>
        <translation>डेमो सर्वर फिर चालू करें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="403" />
        <source>DEMO · server up (Ctrl+D takes it down)</source>
        <translation>डेमो · सर्वर चालू (Ctrl+D से बंद)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="404" />
        <source>DEMO · server DOWN (Ctrl+D brings it back)</source>
        <translation>डेमो · सर्वर बंद (Ctrl+D से चालू)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="410" />
        <source>Recharge screen: type the consumer number, Enter; amount (Alt+1..Alt+5 for quick amounts), Enter; cash tendered, Enter takes the recharge. Esc clears.

F2 recharge · F3 transactions · F4 rejected (supervisor) · F5 sync now
Ctrl+P reprint · Ctrl+R refresh list · Ctrl+L log out / switch cashier · Ctrl+Q quit
Ctrl+Shift+X X report · Ctrl+Shift+C close my shift · Ctrl+Shift+Z close the day (supervisor) · Ctrl+Shift+B back up now</source>
        <translation>रिचार्ज स्क्रीन: उपभोक्ता संख्या लिखें, Enter; राशि (झटपट राशि के लिए Alt+1..Alt+5), Enter; मिली नकदी, Enter से रिचार्ज हो जाता है। Esc से सब साफ़।

F2 रिचार्ज · F3 लेन-देन · F4 अस्वीकृत (पर्यवेक्षक) · F5 अभी सिंक
Ctrl+P दोबारा छापें · Ctrl+R सूची ताज़ा · Ctrl+L लॉग आउट / कैशियर बदलें · Ctrl+Q बंद
Ctrl+Shift+X X रिपोर्ट · Ctrl+Shift+C मेरी शिफ्ट बंद करें · Ctrl+Shift+Z दिन बंद करें (पर्यवेक्षक) · Ctrl+Shift+B अभी बैकअप लें</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../printing.py" line="60" />
        <source>Receipt printing is not installed on this PC; the recharge is saved. Write the receipt number on a slip.</source>
        <translation>इस पीसी पर रसीद छपाई स्थापित नहीं है; रिचार्ज सहेजा गया है। रसीद संख्या पर्ची पर लिख दें।</translation>
    </message>
    <message>
        <location filename="../printing.py" line="66" />
        <source>Receipt not made: {error}</source>
        <translation>रसीद नहीं बनी: {error}</translation>
    </message>
    <message>
        <location filename="../printing.py" line="70" />
        <source>Receipt not made (internal error, logged to {log}).</source>
        <translation>रसीद नहीं बनी (आंतरिक त्रुटि, {log} में दर्ज)।</translation>
    </message>
    <message>
        <location filename="../printing.py" line="76" />
        <source>printed on the receipt printer</source>
        <translation>रसीद प्रिंटर पर छपी</translation>
    </message>
    <message>
        <location filename="../printing.py" line="171" />
        <source>Printing cancelled. The receipt is saved as {pdf}.</source>
        <translation>छपाई रद्द। रसीद {pdf} में सहेजी गई है।</translation>
    </message>
    <message>
        <location filename="../printing.py" line="78" />
        <source>sent to the office printer</source>
        <translation>ऑफ़िस प्रिंटर को भेजी गई</translation>
    </message>
    <message>
        <location filename="../printing.py" line="80" />
        <source>saved as PDF</source>
        <translation>PDF में सहेजी गई</translation>
    </message>
    <message>
        <location filename="../printing.py" line="82" />
        <location filename="../printing.py" line="85" />
        <location filename="../printing.py" line="174" />
        <location filename="../printing.py" line="177" />
        <source>Printer problem: {error}</source>
        <translation>प्रिंटर में समस्या: {error}</translation>
    </message>
    <message>
        <location filename="../printing.py" line="87" />
        <source> (DUPLICATE no. {n})</source>
        <translation> (डुप्लिकेट सं. {n})</translation>
    </message>
</context>
<context>
    <name>RechargePage</name>
    <message>
        <location filename="../recharge_page.py" line="161" />
        <source>Recharge</source>
        <translation>रिचार्ज</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="162" />
        <source>C&amp;onsumer no.</source>
        <translation>उपभोक्ता संख्या (&amp;O)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="163" />
        <source>&amp;Amount (Rs)</source>
        <translation>राशि (रु) (&amp;A)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="164" />
        <source>Cash &amp;tendered</source>
        <translation>मिली नकदी (&amp;T)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="165" />
        <source>type or scan, then Enter</source>
        <translation>लिखें या स्कैन करें, फिर Enter</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="166" />
        <source>rupees, then Enter</source>
        <translation>रुपये, फिर Enter</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="167" />
        <source>empty = exact amount</source>
        <translation>खाली = पूरी राशि छुट्टे में</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="169" />
        <source>Rs {amount} (Alt+{key})</source>
        <translation>रु {amount} (Alt+{key})</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="170" />
        <source>Change due</source>
        <translation>लौटाने हैं</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="171" />
        <source>Take recharge (Enter)</source>
        <translation>रिचार्ज लें (Enter)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="172" />
        <source>Clear (Esc)</source>
        <translation>साफ़ करें (Esc)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="191" />
        <source>Cashier: {name} ({id})</source>
        <translation>कैशियर: {name} ({id})</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="232" />
        <source>{number}: not in local directory: the server will check it.</source>
        <translation>{number}: स्थानीय सूची में नहीं है: सर्वर इसकी जाँच करेगा।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="238" />
        <source>unknown</source>
        <translation>पता नहीं</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="239" />
        <source>unknown age</source>
        <translation>समय पता नहीं</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="241" />
        <source>{name}
Meter {meter} · {subdivision}
Last known balance {balance} ({age} old)</source>
        <translation>{name}
मीटर {meter} · {subdivision}
आख़िरी ज्ञात बैलेंस {balance} ({age} पुराना)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="279" />
        <source>short {amount}</source>
        <translation>{amount} कम</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="288" />
        <source>Same consumer again?</source>
        <translation>वही उपभोक्ता फिर से?</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="289" />
        <source>Consumer {consumer} was recharged {amount} at {time} (receipt {receipt}).

Take another recharge for this consumer?</source>
        <translation>उपभोक्ता {consumer} का {time} बजे {amount} का रिचार्ज हो चुका है (रसीद {receipt})।

क्या इस उपभोक्ता का एक और रिचार्ज लें?</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="311" />
        <source>Type the consumer number first.</source>
        <translation>पहले उपभोक्ता संख्या लिखें।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="315" />
        <source>Not taken: consumer {consumer} was recharged at {time}.</source>
        <translation>नहीं लिया गया: उपभोक्ता {consumer} का रिचार्ज {time} बजे हो चुका है।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="351" />
        <source>✔ Saved: receipt {receipt} · consumer {consumer} · {amount} · change {change}.
PROVISIONAL until the server confirms it.</source>
        <translation>✔ सहेजा गया: रसीद {receipt} · उपभोक्ता {consumer} · {amount} · वापसी {change}।
सर्वर की पुष्टि तक अस्थायी (PROVISIONAL)।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="357" />
        <source>Printing the receipt…</source>
        <translation>रसीद छप रही है…</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="360" />
        <source>Receipt {how}.</source>
        <translation>रसीद {how}।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="362" />
        <source>The recharge is saved. Ctrl+P prints again.</source>
        <translation>रिचार्ज सहेजा गया है। Ctrl+P से फिर छापें।</translation>
    </message>
</context>
<context>
    <name>RejectedDialog</name>
    <message>
        <location filename="../transactions_page.py" line="306" />
        <source>The server refused these recharges. The cash was taken: check each with the consumer and the utility, then send it again under the right consumer number, or refund the cash.</source>
        <translation>सर्वर ने ये रिचार्ज अस्वीकार किए। नकदी ली जा चुकी है: हर एक को उपभोक्ता और बिजली कंपनी से जाँचें, फिर सही उपभोक्ता संख्या से दोबारा भेजें, या नकदी लौटाएँ।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="311" />
        <source>Right &amp;consumer no.</source>
        <translation>सही उपभोक्ता संख्या (&amp;C)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="313" />
        <source>Send again under this number</source>
        <translation>इस संख्या से दोबारा भेजें</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="314" />
        <source>&amp;Refund the cash</source>
        <translation>नकदी लौटाएँ (&amp;R)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="337" />
        <source>Rejected transactions</source>
        <translation>अस्वीकृत लेन-देन</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="359" />
        <source>Select a rejected transaction first.</source>
        <translation>पहले कोई अस्वीकृत लेन-देन चुनें।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="384" />
        <source>Receipt {old} sent again as {new} for consumer {consumer}.</source>
        <translation>रसीद {old} उपभोक्ता {consumer} के लिए {new} के रूप में दोबारा भेजी गई।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="393" />
        <source>Receipt {receipt}: pay {amount} back to the consumer from the drawer.</source>
        <translation>रसीद {receipt}: दराज़ से उपभोक्ता को {amount} लौटाएँ।</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../setup_dialog.py" line="20" />
        <source>Set up this counter</source>
        <translation>यह काउंटर सेट करें</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="27" />
        <source>&amp;Counter id (like MNG-01)</source>
        <translation>काउंटर आईडी (जैसे MNG-01) (&amp;C)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="28" />
        <source>&amp;Server address</source>
        <translation>सर्वर का पता (&amp;S)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="29" />
        <source>API &amp;token (from the server)</source>
        <translation>API टोकन (सर्वर से) (&amp;T)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="30" />
        <source>&amp;Office name on receipts</source>
        <translation>रसीद पर कार्यालय का नाम (&amp;O)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="34" />
        <source>First supervisor's &amp;id</source>
        <translation>पहले पर्यवेक्षक की आईडी (&amp;I)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="35" />
        <source>Supervisor's &amp;name</source>
        <translation>पर्यवेक्षक का नाम (&amp;N)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="36" />
        <source>Supervisor's &amp;PIN (4 to 8 digits)</source>
        <translation>पर्यवेक्षक का पिन (4 से 8 अंक) (&amp;P)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="37" />
        <source>&amp;Repeat the PIN</source>
        <translation>पिन दोबारा (&amp;R)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="54" />
        <source>This PC has no counter yet. Fill in what the utility's IT gave you.</source>
        <translation>इस पीसी पर अभी कोई काउंटर नहीं है। बिजली कंपनी के आईटी से मिली जानकारी भरें।</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="71" />
        <source>The two PINs differ.</source>
        <translation>दोनों पिन अलग हैं।</translation>
    </message>
</context>
<context>
    <name>ShiftPage</name>
    <message>
        <location filename="../login_page.py" line="160" />
        <source>Open a shift</source>
        <translation>शिफ्ट खोलें</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="162" />
        <source>No shift is open on this counter. {name}, count the cash in the drawer and type the opening float: rupees (2000) or a count of notes (500x2,100x10).</source>
        <translation>इस काउंटर पर कोई शिफ्ट खुली नहीं है। {name}, दराज़ की नकदी गिनें और शुरुआती नकदी लिखें: रुपये (2000) या नोटों की गिनती (500x2,100x10)।</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="165" />
        <source>Opening &amp;float</source>
        <translation>शुरुआती नकदी (&amp;F)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="166" />
        <source>Open shift (Enter)</source>
        <translation>शिफ्ट खोलें (Enter)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="167" />
        <source>Log out (Ctrl+L)</source>
        <translation>लॉग आउट (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="193" />
        <source>Shift {id} opened with {amount}.</source>
        <translation>शिफ्ट {id} {amount} से खुली।</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../status_panel.py" line="45" />
        <source>never</source>
        <translation>कभी नहीं</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="58" />
        <source>Recharges taken here that the server has not confirmed yet. Their receipts say PROVISIONAL.</source>
        <translation>यहाँ लिए गए रिचार्ज जिनकी सर्वर ने अभी पुष्टि नहीं की। इनकी रसीदों पर अस्थायी (PROVISIONAL) लिखा है।</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="61" />
        <source>✔ Nothing pending</source>
        <translation>✔ कुछ बाकी नहीं</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="63" />
        <source>… reading queue</source>
        <translation>… कतार पढ़ रहे हैं</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="55" />
        <source>⏳ {n} waiting to send · {total} NOT YET CREDITED · oldest {age}</source>
        <translation>⏳ {n} भेजने बाकी · {total} अभी जमा नहीं · सबसे पुराना {age}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="66" />
        <source>⚠ {n} REJECTED · {total} · supervisor F4</source>
        <translation>⚠ {n} अस्वीकृत · {total} · पर्यवेक्षक F4</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="68" />
        <source>The server refused these; a supervisor must deal with them (F4).</source>
        <translation>सर्वर ने इन्हें अस्वीकार किया; पर्यवेक्षक इन्हें देखें (F4)।</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="70" />
        <source>0 rejected</source>
        <translation>0 अस्वीकृत</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="78" />
        <source>⚠ PC clock off by {minutes} min: ask IT</source>
        <translation>⚠ पीसी की घड़ी {minutes} मिनट गलत: आईटी से कहें</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="82" />
        <source>This PC's clock differs from the server's; receipts show the PC's time.</source>
        <translation>इस पीसी की घड़ी सर्वर से अलग है; रसीदों पर पीसी का समय छपता है।</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="89" />
        <source>↻ Syncing… </source>
        <translation>↻ सिंक हो रहा है… </translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="90" />
        <source>last success {time}</source>
        <translation>आख़िरी सफल {time}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="95" />
        <source>✖ Server NOT reachable at {time} · {since}</source>
        <translation>✖ {time} पर सर्वर से संपर्क नहीं · {since}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="97" />
        <source>? Server not checked yet · {since}</source>
        <translation>? सर्वर अभी जाँचा नहीं · {since}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="102" />
        <source>⚠ Server reachable, but sync failed · {since}</source>
        <translation>⚠ सर्वर से संपर्क है, पर सिंक विफल · {since}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="104" />
        <source>✔ Server reachable · checked {time}</source>
        <translation>✔ सर्वर से संपर्क है · जाँच {time}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="106" />
        <source>✖ Server NOT reachable · {since}</source>
        <translation>✖ सर्वर से संपर्क नहीं · {since}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="141" />
        <source>Sync now (F5)</source>
        <translation>अभी सिंक करें (F5)</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="142" />
        <source>Send pending recharges to the server now</source>
        <translation>बाकी रिचार्ज अभी सर्वर को भेजें</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <location filename="../transactions_page.py" line="248" />
        <source>Supervisor &amp;id</source>
        <translation>पर्यवेक्षक आईडी (&amp;I)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="248" />
        <source>&amp;PIN</source>
        <translation>पिन (&amp;P)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="253" />
        <source>&amp;Reason</source>
        <translation>कारण (&amp;R)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="253" />
        <source>&amp;Note</source>
        <translation>टिप्पणी (&amp;N)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="269" />
        <source>Supervisor</source>
        <translation>पर्यवेक्षक</translation>
    </message>
</context>
<context>
    <name>TransactionsModel</name>
    <message>
        <location filename="../models.py" line="32" />
        <source>PENDING</source>
        <translation>बाकी</translation>
    </message>
    <message>
        <location filename="../models.py" line="33" />
        <source>CONFIRMED</source>
        <translation>पुष्ट</translation>
    </message>
    <message>
        <location filename="../models.py" line="34" />
        <source>REJECTED</source>
        <translation>अस्वीकृत</translation>
    </message>
    <message>
        <location filename="../models.py" line="35" />
        <source>VOID</source>
        <translation>रद्द</translation>
    </message>
    <message>
        <location filename="../models.py" line="36" />
        <source>CORRECTED</source>
        <translation>सुधारा गया</translation>
    </message>
    <message>
        <location filename="../models.py" line="37" />
        <source>REFUNDED</source>
        <translation>लौटाया गया</translation>
    </message>
    <message>
        <location filename="../models.py" line="74" />
        <source>Receipt</source>
        <translation>रसीद</translation>
    </message>
    <message>
        <location filename="../models.py" line="74" />
        <source>Time</source>
        <translation>समय</translation>
    </message>
    <message>
        <location filename="../models.py" line="74" />
        <source>Consumer</source>
        <translation>उपभोक्ता</translation>
    </message>
    <message>
        <location filename="../models.py" line="75" />
        <source>Amount</source>
        <translation>राशि</translation>
    </message>
    <message>
        <location filename="../models.py" line="75" />
        <source>Status</source>
        <translation>स्थिति</translation>
    </message>
    <message>
        <location filename="../models.py" line="76" />
        <source>Reason</source>
        <translation>कारण</translation>
    </message>
    <message>
        <location filename="../models.py" line="76" />
        <source>Server ref / last error</source>
        <translation>सर्वर संदर्भ / आख़िरी त्रुटि</translation>
    </message>
</context>
<context>
    <name>TransactionsPage</name>
    <message>
        <location filename="../transactions_page.py" line="131" />
        <source>Transactions</source>
        <translation>लेन-देन</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="132" />
        <source>&amp;Date</source>
        <translation>तारीख़ (&amp;D)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="133" />
        <source>&amp;Show</source>
        <translation>दिखाएँ (&amp;S)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="137" />
        <source>All</source>
        <translation>सभी</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="137" />
        <source>Pending</source>
        <translation>बाकी</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="137" />
        <source>Confirmed</source>
        <translation>पुष्ट</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="137" />
        <source>Rejected</source>
        <translation>अस्वीकृत</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="138" />
        <source>Void</source>
        <translation>रद्द</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="138" />
        <source>Corrected</source>
        <translation>सुधारे गए</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="138" />
        <source>Refunded</source>
        <translation>लौटाए गए</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="141" />
        <source>Today</source>
        <translation>आज</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="142" />
        <source>Refresh (Ctrl+R)</source>
        <translation>ताज़ा करें (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="143" />
        <source>Reprint (Ctrl+P)</source>
        <translation>दोबारा छापें (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="144" />
        <source>Void… (Ctrl+Del)</source>
        <translation>रद्द करें… (Ctrl+Del)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="148" />
        <source>Voiding needs a supervisor and arrives with the reconciliation update.</source>
        <translation>रद्द करने के लिए पर्यवेक्षक चाहिए; यह मिलान (reconciliation) अपडेट के साथ आएगा।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="149" />
        <source>Rejected, for the supervisor (F4)</source>
        <translation>अस्वीकृत, पर्यवेक्षक के लिए (F4)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="185" />
        <source>{n} shown · cash kept {total}</source>
        <translation>{n} दिखाए · रखी नकदी {total}</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="196" />
        <source>Select a transaction first (arrow keys), then Ctrl+P.</source>
        <translation>पहले लेन-देन चुनें (तीर कुंजियाँ), फिर Ctrl+P।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="209" />
        <source>Select a transaction first (arrow keys), then Ctrl+Del.</source>
        <translation>पहले लेन-देन चुनें (तीर कुंजियाँ), फिर Ctrl+Del।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="212" />
        <source>Void receipt {receipt}</source>
        <translation>रसीद {receipt} रद्द करें</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="219" />
        <source>Receipt {receipt} voided.</source>
        <translation>रसीद {receipt} रद्द हुई।</translation>
    </message>
</context>
<context>
    <name>XReportDialog</name>
    <message>
        <location filename="../day_reports.py" line="183" />
        <location filename="../day_reports.py" line="189" />
        <source>X report</source>
        <translation>X रिपोर्ट</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="184" />
        <source>Save PDF… (Ctrl+S)</source>
        <translation>PDF सहेजें… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="185" />
        <source>Print… (Ctrl+P)</source>
        <translation>छापें… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="186" />
        <source>Close (Esc)</source>
        <translation>बंद करें (Esc)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="191" />
        <source>X report: shift {id} so far</source>
        <translation>X रिपोर्ट: शिफ्ट {id} अब तक</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="192" />
        <source>Cashier {cashier} · opened {opened} · the shift stays open</source>
        <translation>कैशियर {cashier} · {opened} पर खुली · शिफ्ट खुली रहती है</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="194" />
        <source>{n} ({first} to {last})</source>
        <translation>{n} ({first} से {last})</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="198" />
        <source>Receipts issued</source>
        <translation>जारी रसीदें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="199" />
        <source>Opening float</source>
        <translation>शुरुआती नकदी</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="200" />
        <source>Cash recharges (gross)</source>
        <translation>नकद रिचार्ज (कुल)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="201" />
        <source>Voids ({n})</source>
        <translation>रद्द ({n})</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="203" />
        <source>Refunds paid ({n})</source>
        <translation>लौटाए गए ({n})</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="205" />
        <source>Expected in the drawer</source>
        <translation>दराज़ में होनी चाहिए</translation>
    </message>
</context>
<context>
    <name>ZReportDialog</name>
    <message>
        <location filename="../day_reports.py" line="261" />
        <source>Close the day - Z report</source>
        <translation>दिन बंद करें - Z रिपोर्ट</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="262" />
        <source>Business &amp;day</source>
        <translation>कारोबारी दिन (&amp;D)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="263" />
        <source>Close the day (Enter)</source>
        <translation>दिन बंद करें (Enter)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="264" />
        <source>Open PDF (Ctrl+O)</source>
        <translation>PDF खोलें (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="265" />
        <source>Save a copy…</source>
        <translation>एक प्रति सहेजें…</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="266" />
        <source>Print… (Ctrl+P)</source>
        <translation>छापें… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="267" />
        <source>Close (Esc)</source>
        <translation>बंद करें (Esc)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="269" />
        <source>Close the day</source>
        <translation>दिन बंद करें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="271" />
        <source>Supervisor {supervisor}: this makes the day's Z report, once, numbered, never rewritten. Every shift of the day must be closed first; transactions the server has not credited yet are carried over and listed on the report.</source>
        <translation>पर्यवेक्षक {supervisor}: इससे दिन की Z रिपोर्ट बनती है, एक ही बार, क्रमांकित, कभी बदली नहीं जाती। पहले दिन की हर शिफ्ट बंद होनी चाहिए; जो लेन-देन सर्वर ने अभी जमा नहीं किए, वे आगे ले जाए जाते हैं और रिपोर्ट में सूचीबद्ध होते हैं।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="311" />
        <source>The day is closed; the PDF could not be kept. 'counter-app report z --reprint' makes it again.</source>
        <translation>दिन बंद हो गया; PDF सहेजी नहीं जा सकी। 'counter-app report z --reprint' से दोबारा बनती है।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="314" />
        <source>PDF kept as {path}</source>
        <translation>PDF {path} में रखी गई</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="319" />
        <source>Z report No. {z} · {date}</source>
        <translation>Z रिपोर्ट सं. {z} · {date}</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="320" />
        <source>Day closed by {supervisor} at {time}.</source>
        <translation>{supervisor} ने {time} पर दिन बंद किया।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="322" />
        <source>{n} ({first} to {last})</source>
        <translation>{n} ({first} से {last})</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="328" />
        <source>Receipts issued</source>
        <translation>जारी रसीदें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="329" />
        <source>Shifts</source>
        <translation>शिफ्टें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="330" />
        <source>Cash recharges (gross)</source>
        <translation>नकद रिचार्ज (कुल)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="331" />
        <source>Voids</source>
        <translation>रद्द</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="332" />
        <source>Refunds paid</source>
        <translation>लौटाए गए</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="333" />
        <source>Expected in the drawers</source>
        <translation>दराज़ों में होनी चाहिए</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="334" />
        <source>Counted</source>
        <translation>गिनी गई</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="335" />
        <source>Variance</source>
        <translation>अंतर</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="336" />
        <source>{amount} over</source>
        <translation>{amount} ज़्यादा</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="336" />
        <source>{amount} short</source>
        <translation>{amount} कम</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="337" />
        <source>none</source>
        <translation>कोई नहीं</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="339" />
        <source>Paid at the counter, not yet credited</source>
        <translation>काउंटर पर भुगतान, अभी जमा नहीं</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="340" />
        <source>{n} · {amount}</source>
        <translation>{n} · {amount}</translation>
    </message>
</context>
<context>
    <name>_ReportDialog</name>
    <message>
        <location filename="../day_reports.py" line="134" />
        <source>Save the report as PDF</source>
        <translation>रिपोर्ट PDF में सहेजें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="145" />
        <source>Saved as {path}</source>
        <translation>{path} में सहेजी गई</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="154" />
        <source>Printing cancelled.</source>
        <translation>छपाई रद्द।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="159" />
        <source>Sent to the printer.</source>
        <translation>प्रिंटर को भेजी गई।</translation>
    </message>
</context>
</TS>