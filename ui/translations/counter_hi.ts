<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="hi_IN">
<context>
    <name>CloseShiftDialog</name>
    <message>
        <location filename="../close_shift.py" line="200"/>
        <source>Close shift - blind count</source>
        <translation>शिफ्ट बंद करें - बिना देखे गिनती</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="201"/>
        <source>Close shift {id}: count the drawer</source>
        <translation>शिफ्ट {id} बंद करें: दराज़ की नकदी गिनें</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="204"/>
        <source>Count the notes and coins in the drawer and type how many of each (Enter moves to the next). The amount the drawer should hold is shown only after you submit: every count is recorded.</source>
        <translation>दराज़ के नोट और सिक्के गिनें और हर एक की संख्या लिखें (Enter से अगला)। दराज़ में कितनी नकदी होनी चाहिए, यह गिनती जमा करने के बाद ही दिखेगा: हर गिनती दर्ज होती है।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="207"/>
        <source>Pieces</source>
        <translation>संख्या</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="209"/>
        <source>Rs {value}</source>
        <translation>रु {value}</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="210"/>
        <source>Supervisor sign-off</source>
        <translation>पर्यवेक्षक की मंज़ूरी</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="212"/>
        <source>A supervisor checks the drawer, then signs off with id, PIN and a note saying what was found.</source>
        <translation>पर्यवेक्षक दराज़ जाँचें, फिर आईडी, पिन और जो मिला उसकी टिप्पणी के साथ मंज़ूरी दें।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="213"/>
        <source>Supervisor &amp;id</source>
        <translation>पर्यवेक्षक आईडी (&amp;I)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="213"/>
        <source>&amp;PIN</source>
        <translation>पिन (&amp;P)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="214"/>
        <source>&amp;Note</source>
        <translation>टिप्पणी (&amp;N)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="216"/>
        <source>Cancel (Esc)</source>
        <translation>रद्द करें (Esc)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="216"/>
        <source>Close (Esc)</source>
        <translation>बंद करें (Esc)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="218"/>
        <source>Done (Enter)</source>
        <translation>हो गया (Enter)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="220"/>
        <source>Sign off and close shift (Enter)</source>
        <translation>मंज़ूरी दें और शिफ्ट बंद करें (Enter)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="222"/>
        <source>Submit count (Ctrl+Enter)</source>
        <translation>गिनती जमा करें (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="245"/>
        <source>Counted: {total}</source>
        <translation>गिनी गई: {total}</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="258"/>
        <source>No shift is open on this counter: there is nothing to close.</source>
        <translation>इस काउंटर पर कोई शिफ्ट खुली नहीं है: बंद करने को कुछ नहीं।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="260"/>
        <source>The open shift is {other}&apos;s; {other} closes it with their own login.</source>
        <translation>खुली शिफ्ट {other} की है; {other} अपने लॉग इन से इसे बंद करें।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="272"/>
        <source>Counted {counted}, expected {expected}: exact.</source>
        <translation>गिनी गई {counted}, होनी चाहिए {expected}: बिल्कुल बराबर।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="274"/>
        <source>Counted {counted}, expected {expected}: {amount} over.</source>
        <translation>गिनी गई {counted}, होनी चाहिए {expected}: {amount} ज़्यादा।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="275"/>
        <source>Counted {counted}, expected {expected}: {amount} short.</source>
        <translation>गिनी गई {counted}, होनी चाहिए {expected}: {amount} कम।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="291"/>
        <source>Type the supervisor&apos;s id.</source>
        <translation>पर्यवेक्षक की आईडी लिखें।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="294"/>
        <source>Write what the supervisor found (a short note).</source>
        <translation>पर्यवेक्षक को जो मिला, वह लिखें (छोटी टिप्पणी)।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="336"/>
        <source>{n} receipts ({first} to {last})</source>
        <translation>{n} रसीदें ({first} से {last})</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="338"/>
        <source>no receipts</source>
        <translation>कोई रसीद नहीं</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="340"/>
        <source>Shift {id} of {cashier} closed.</source>
        <translation>{cashier} की शिफ्ट {id} बंद हुई।</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="342"/>
        <source>Opening float {float} · cash recharges {gross} · voids {voids} · refunds {refunds}</source>
        <translation>शुरुआती नकदी {float} · नकद रिचार्ज {gross} · रद्द {voids} · लौटाए {refunds}</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="348"/>
        <source>Signed off by {supervisor}: {note}</source>
        <translation>{supervisor} की मंज़ूरी: {note}</translation>
    </message>
    <message>
        <location filename="../close_shift.py" line="350"/>
        <source>Hand the cash to the supervisor. You are logged out.</source>
        <translation>नकदी पर्यवेक्षक को सौंपें। आप लॉग आउट हो गए हैं।</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../login_page.py" line="86"/>
        <source>Log in</source>
        <translation>लॉग इन</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="87"/>
        <source>&amp;Cashier id</source>
        <translation>कैशियर आईडी (&amp;C)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="88"/>
        <source>&amp;PIN</source>
        <translation>पिन (&amp;P)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="89"/>
        <source>Log in (Enter)</source>
        <translation>लॉग इन (Enter)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="92"/>
        <source>Counter {counter} · {office}</source>
        <translation>काउंटर {counter} · {office}</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="110"/>
        <source>Type your cashier id.</source>
        <translation>अपनी कैशियर आईडी लिखें।</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="367"/>
        <source>Keyboard shortcuts</source>
        <translation>कीबोर्ड शॉर्टकट</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="159"/>
        <source>The open shift belongs to {other}; recharges cannot be taken into it by {me}. {other} must close it first.</source>
        <translation>खुली शिफ्ट {other} की है; {me} इसमें रिचार्ज नहीं ले सकते। पहले {other} इसे बंद करें।</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="251"/>
        <source>Backing up after the shift close…</source>
        <translation>शिफ्ट बंद होने के बाद बैकअप हो रहा है…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="230"/>
        <source>Close the day: supervisor</source>
        <translation>दिन बंद करें: पर्यवेक्षक</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="243"/>
        <source>Backing up…</source>
        <translation>बैकअप हो रहा है…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="261"/>
        <source>Backup NOT made: {error}</source>
        <translation>बैकअप नहीं बना: {error}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="263"/>
        <source>Backup written: {file} ({size} KB)</source>
        <translation>बैकअप बन गया: {file} ({size} केबी)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="310"/>
        <source>Printing receipt {receipt}…</source>
        <translation>रसीद {receipt} छप रही है…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="378"/>
        <source>Quit with transactions waiting?</source>
        <translation>लेन-देन बाकी रहते बंद करें?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="195"/>
        <location filename="../main_window.py" line="314"/>
        <source>Receipt {receipt}: {result}</source>
        <translation>रसीद {receipt}: {result}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="325"/>
        <source>Void slip {receipt}: {result}</source>
        <translation>रद्द पर्ची {receipt}: {result}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="355"/>
        <source>Take the demo server down</source>
        <translation>डेमो सर्वर बंद करें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="356"/>
        <source>Bring the demo server back</source>
        <translation>डेमो सर्वर फिर चालू करें</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="357"/>
        <source>DEMO · server up (Ctrl+D takes it down)</source>
        <translation>डेमो · सर्वर चालू (Ctrl+D से बंद)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="358"/>
        <source>DEMO · server DOWN (Ctrl+D brings it back)</source>
        <translation>डेमो · सर्वर बंद (Ctrl+D से चालू)</translation>
    </message>
    <message>
        <location filename="../shortcuts_help.py" line="15"/>
        <source>Recharge screen: type the consumer number (or the first letters of a name, then pick with the arrow keys), Enter or Tab; amount (Alt+1..Alt+5 for quick amounts), Enter; cash tendered, Enter takes the recharge. Esc clears.

F2 recharge · F3 transactions · F4 rejected (supervisor) · F5 sync now
Ctrl+P reprint · Ctrl+R refresh list · Ctrl+Shift+V void (in the list) · Ctrl+L log out / switch cashier · Ctrl+Q quit
Ctrl+Shift+X X report · Ctrl+Shift+C close my shift · Ctrl+Shift+D close the day (supervisor) · Ctrl+Shift+B back up now</source>
        <translation>रिचार्ज स्क्रीन: उपभोक्ता संख्या लिखें (या नाम के पहले अक्षर, फिर तीर कुंजियों से चुनें), Enter या Tab; राशि (त्वरित राशि के लिए Alt+1..Alt+5), Enter; दी गई नकदी, Enter से रिचार्ज हो जाता है। Esc से साफ़।

F2 रिचार्ज · F3 लेन-देन · F4 अस्वीकृत (पर्यवेक्षक) · F5 अभी सिंक करें
Ctrl+P रसीद दोबारा छापें · Ctrl+R सूची ताज़ा करें · Ctrl+Shift+V रद्द करें (सूची में) · Ctrl+L लॉग आउट / कैशियर बदलें · Ctrl+Q बंद करें
Ctrl+Shift+X X रिपोर्ट · Ctrl+Shift+C मेरी शिफ्ट बंद करें · Ctrl+Shift+D दिन बंद करें (पर्यवेक्षक) · Ctrl+Shift+B अभी बैकअप लें</translation>
    </message>
</context>
<context>
    <name>MenusMixin</name>
    <message>
        <location filename="../window_menus.py" line="93"/>
        <source>Counter {counter} - recharges</source>
        <translation>काउंटर {counter} - रिचार्ज</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="94"/>
        <source>&amp;Counter</source>
        <translation>काउंटर (&amp;C)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="95"/>
        <source>&amp;View</source>
        <translation>देखें (&amp;V)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="96"/>
        <source>&amp;Printing</source>
        <translation>प्रिंट (&amp;P)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="97"/>
        <source>&amp;Language / भाषा</source>
        <translation>भाषा / Language (&amp;L)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="98"/>
        <source>&amp;Demo</source>
        <translation>डेमो (&amp;D)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="99"/>
        <source>&amp;Help</source>
        <translation>सहायता (&amp;H)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="100"/>
        <source>Sync now</source>
        <translation>अभी सिंक करें</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="101"/>
        <source>Log out / switch cashier</source>
        <translation>लॉग आउट / कैशियर बदलें</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="102"/>
        <source>X report (the shift so far)</source>
        <translation>X रिपोर्ट (शिफ्ट अब तक)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="103"/>
        <source>Close my shift (blind count)…</source>
        <translation>मेरी शिफ्ट बंद करें (बिना देखे गिनती)…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="104"/>
        <source>Close the day: Z report (supervisor)…</source>
        <translation>दिन बंद करें: Z रिपोर्ट (पर्यवेक्षक)…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="105"/>
        <source>Back up now</source>
        <translation>अभी बैकअप लें</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="106"/>
        <source>Quit</source>
        <translation>बंद करें</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="107"/>
        <source>Recharge</source>
        <translation>रिचार्ज</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="108"/>
        <source>Transactions</source>
        <translation>लेन-देन</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="109"/>
        <source>Rejected or disputed transactions (supervisor)</source>
        <translation>अस्वीकृत या विवादित लेन-देन (पर्यवेक्षक)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="110"/>
        <source>Reprint receipt</source>
        <translation>रसीद दोबारा छापें</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="111"/>
        <source>Printer setup (supervisor)…</source>
        <translation>प्रिंटर सेटअप (पर्यवेक्षक)…</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="112"/>
        <source>Print on the receipt (thermal) printer</source>
        <translation>रसीद (थर्मल) प्रिंटर पर छापें</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="113"/>
        <source>Print on an office printer (asks which)</source>
        <translation>ऑफ़िस प्रिंटर पर छापें (कौन सा, पूछेगा)</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="114"/>
        <source>Save PDF only, do not print</source>
        <translation>केवल PDF सहेजें, न छापें</translation>
    </message>
    <message>
        <location filename="../window_menus.py" line="115"/>
        <source>Keyboard shortcuts</source>
        <translation>कीबोर्ड शॉर्टकट</translation>
    </message>
</context>
<context>
    <name>PrinterSetupDialog</name>
    <message>
        <location filename="../printer_setup.py" line="58"/>
        <source>Printer setup</source>
        <extracomment>The choices, in the order offered: (code, print target of the window). Tests and screenshots paint a system printer&apos;s test page into this PDF file.</extracomment>
        <translation>प्रिंटर सेटअप</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="62"/>
        <source>No printer: keep receipts as PDF only</source>
        <translation>कोई प्रिंटर नहीं: रसीदें केवल PDF में रखें</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="63"/>
        <source>Receipt printer on the network (host:9100)</source>
        <translation>नेटवर्क पर रसीद प्रिंटर (host:9100)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="64"/>
        <source>Receipt printer on USB</source>
        <translation>USB पर रसीद प्रिंटर</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="65"/>
        <source>Receipt printer on a serial port</source>
        <translation>सीरियल पोर्ट पर रसीद प्रिंटर</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="66"/>
        <source>A printer of this computer (office printer)</source>
        <translation>इस कंप्यूटर का प्रिंटर (दफ़्तर का प्रिंटर)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="70"/>
        <source>Receipts are saved as PDF in the receipt archive.</source>
        <translation>रसीदें रसीद संग्रह में PDF के रूप में सहेजी जाती हैं।</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="85"/>
        <source>Print a &amp;test page</source>
        <translation>परीक्षण पृष्ठ छापें (&amp;T)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="92"/>
        <source>Receipts &amp;go to</source>
        <translation>रसीदें कहाँ जाएँ (&amp;G)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="116"/>
        <source>Printer&apos;s &amp;address</source>
        <translation>प्रिंटर का पता (&amp;A)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="117"/>
        <source>P&amp;ort (most printers: 9100)</source>
        <translation>पोर्ट (अधिकतर प्रिंटर: 9100) (&amp;O)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="126"/>
        <source>&amp;Look again</source>
        <translation>फिर से खोजें (&amp;L)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="132"/>
        <source>&amp;USB printer (VID:PID)</source>
        <translation>USB प्रिंटर (VID:PID) (&amp;U)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="151"/>
        <source>Serial &amp;port</source>
        <translation>सीरियल पोर्ट (&amp;P)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="152"/>
        <source>&amp;Speed (baud)</source>
        <translation>गति (baud) (&amp;S)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="161"/>
        <source>&amp;Printer</source>
        <translation>प्रिंटर (&amp;P)</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="163"/>
        <source>This computer has no printers set up; add one in the system&apos;s printer settings, then open this page again.</source>
        <translation>इस कंप्यूटर पर कोई प्रिंटर सेट नहीं है; सिस्टम की प्रिंटर सेटिंग में एक जोड़ें, फिर यह पृष्ठ दोबारा खोलें।</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="181"/>
        <source>No USB printer found. Check its cable and power, then Look again; or type its VID:PID.</source>
        <translation>कोई USB प्रिंटर नहीं मिला। उसका केबल और बिजली जाँचें, फिर &quot;फिर से खोजें&quot; दबाएँ; या उसका VID:PID लिखें।</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="214"/>
        <source>Type the printer&apos;s address (its IP address or name).</source>
        <translation>प्रिंटर का पता लिखें (उसका IP पता या नाम)।</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="221"/>
        <source>Choose the USB printer, or type its VID:PID (like 0416:5011).</source>
        <translation>USB प्रिंटर चुनें, या उसका VID:PID लिखें (जैसे 0416:5011)।</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="229"/>
        <source>Choose the serial port (like COM3 or /dev/ttyUSB0).</source>
        <translation>सीरियल पोर्ट चुनें (जैसे COM3 या /dev/ttyUSB0)।</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="238"/>
        <source>Choose a printer first.</source>
        <translation>पहले प्रिंटर चुनें।</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="249"/>
        <source>Sending the test page to {printer}…</source>
        <translation>परीक्षण पृष्ठ {printer} को भेजा जा रहा है…</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="262"/>
        <source>Test page sent to {printer}.</source>
        <translation>परीक्षण पृष्ठ {printer} को भेजा गया।</translation>
    </message>
    <message>
        <location filename="../printer_setup.py" line="269"/>
        <source>Check that the Hindi reads whole and the QR code scans, then Save.</source>
        <translation>देखें कि हिंदी पूरी पढ़ी जाती है और QR कोड स्कैन होता है, फिर सहेजें।</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../printing.py" line="80"/>
        <source>Receipt not made: {error}</source>
        <translation>रसीद नहीं बनी: {error}</translation>
    </message>
    <message>
        <location filename="../printing.py" line="84"/>
        <location filename="../printing.py" line="132"/>
        <source>Receipt not made (internal error, logged to {log}).</source>
        <translation>रसीद नहीं बनी (आंतरिक त्रुटि, {log} में दर्ज)।</translation>
    </message>
    <message>
        <location filename="../printing.py" line="89"/>
        <source>No receipt printer is set up yet: a supervisor sets one up in Printing ▸ Printer setup. The receipt is saved as PDF.</source>
        <translation>अभी कोई रसीद प्रिंटर सेट नहीं है: पर्यवेक्षक इसे प्रिंट ▸ प्रिंटर सेटअप में सेट करें। रसीद PDF में सहेजी गई है।</translation>
    </message>
    <message>
        <location filename="../printing.py" line="57"/>
        <location filename="../printing.py" line="95"/>
        <source>printed on the receipt printer</source>
        <translation>रसीद प्रिंटर पर छपी</translation>
    </message>
    <message>
        <location filename="../printing.py" line="144"/>
        <source>Test page not printed (internal error, logged to {log}).</source>
        <translation>परीक्षण पृष्ठ नहीं छपा (आंतरिक त्रुटि, {log} में दर्ज)।</translation>
    </message>
    <message>
        <location filename="../printing.py" line="149"/>
        <source>Test page sent to the printer.</source>
        <translation>परीक्षण पृष्ठ प्रिंटर को भेजा गया।</translation>
    </message>
    <message>
        <location filename="../printing.py" line="215"/>
        <source>Printing cancelled. The receipt is saved as {pdf}.</source>
        <translation>छपाई रद्द। रसीद {pdf} में सहेजी गई है।</translation>
    </message>
    <message>
        <location filename="../printing.py" line="58"/>
        <location filename="../printing.py" line="97"/>
        <source>sent to the office printer</source>
        <translation>ऑफ़िस प्रिंटर को भेजी गई</translation>
    </message>
    <message>
        <location filename="../printing.py" line="59"/>
        <location filename="../printing.py" line="99"/>
        <source>saved as PDF</source>
        <translation>PDF में सहेजी गई</translation>
    </message>
    <message>
        <location filename="../printing.py" line="101"/>
        <location filename="../printing.py" line="104"/>
        <location filename="../printing.py" line="147"/>
        <location filename="../printing.py" line="218"/>
        <location filename="../printing.py" line="221"/>
        <source>Printer problem: {error}</source>
        <translation>प्रिंटर में समस्या: {error}</translation>
    </message>
    <message>
        <location filename="../printing.py" line="106"/>
        <source> (DUPLICATE no. {n})</source>
        <translation> (डुप्लिकेट सं. {n})</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../i18n.py" line="74"/>
        <source>OK</source>
        <translation>ठीक है</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="74"/>
        <source>Cancel</source>
        <translation>रद्द करें</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="75"/>
        <source>Save</source>
        <translation>सहेजें</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="75"/>
        <source>Close</source>
        <translation>बंद करें</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="76"/>
        <source>&amp;Yes</source>
        <translation>हाँ (&amp;Y)</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="76"/>
        <source>&amp;No</source>
        <translation>नहीं (&amp;N)</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="77"/>
        <source>Apply</source>
        <translation>लागू करें</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="77"/>
        <source>Help</source>
        <translation>सहायता</translation>
    </message>
</context>
<context>
    <name>RechargePage</name>
    <message>
        <location filename="../recharge_page.py" line="181"/>
        <source>Recharge</source>
        <translation>रिचार्ज</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="182"/>
        <source>C&amp;onsumer no.</source>
        <translation>उपभोक्ता संख्या (&amp;O)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="183"/>
        <source>&amp;Amount (Rs)</source>
        <translation>राशि (रु) (&amp;A)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="184"/>
        <source>Cash &amp;tendered</source>
        <translation>मिली नकदी (&amp;T)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="185"/>
        <source>type or scan, then Enter</source>
        <translation>लिखें या स्कैन करें, फिर Enter</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="186"/>
        <source>rupees, then Enter</source>
        <translation>रुपये, फिर Enter</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="187"/>
        <source>empty = exact amount, no change</source>
        <translation>खाली = ठीक राशि, कोई छुट्टा नहीं</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="256"/>
        <source>No consumer&apos;s name starts with &quot;{text}&quot; in the local directory. Type the consumer number.</source>
        <translation>स्थानीय सूची में किसी उपभोक्ता का नाम &quot;{text}&quot; से शुरू नहीं होता। उपभोक्ता संख्या लिखें।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="286"/>
        <source>{number} is not in the local directory. Check the number; Enter again takes it anyway and the server will check it.</source>
        <translation>{number} स्थानीय सूची में नहीं है। संख्या जाँचें; दोबारा Enter दबाने पर रिचार्ज लिया जाएगा और सर्वर इसकी जाँच करेगा।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="295"/>
        <source>{name}
Meter {meter} · {subdivision}</source>
        <translation>{name}
मीटर {meter} · {subdivision}</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="347"/>
        <source>read as {amount}</source>
        <translation>{amount} के रूप में पढ़ा गया</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="423"/>
        <source>Nothing to reprint yet on this screen. Older receipts: F3, select, Ctrl+P.</source>
        <translation>इस स्क्रीन पर अभी दोबारा छापने को कुछ नहीं। पुरानी रसीदें: F3, चुनें, Ctrl+P।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="430"/>
        <source>CONFIRMED by the server (reference {ref}).</source>
        <translation>सर्वर द्वारा पुष्ट (संदर्भ {ref})।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="431"/>
        <source>PROVISIONAL until the server confirms it.</source>
        <translation>सर्वर की पुष्टि तक अस्थायी।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="432"/>
        <source>✔ Saved: receipt {receipt} · consumer {consumer} · {amount} · change {change}.</source>
        <translation>✔ सहेजा गया: रसीद {receipt} · उपभोक्ता {consumer} · {amount} · छुट्टा {change}।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="437"/>
        <source>Asking the server to confirm it…</source>
        <translation>सर्वर से पुष्टि माँगी जा रही है…</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="189"/>
        <source>Rs {amount} (Alt+{key})</source>
        <translation>रु {amount} (Alt+{key})</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="190"/>
        <source>Change due</source>
        <translation>लौटाने हैं</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="191"/>
        <source>Take recharge (Enter)</source>
        <translation>रिचार्ज लें (Enter)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="192"/>
        <source>Clear (Esc)</source>
        <translation>साफ़ करें (Esc)</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="211"/>
        <source>Cashier: {name} ({id})</source>
        <translation>कैशियर: {name} ({id})</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="292"/>
        <source>unknown age</source>
        <translation>समय पता नहीं</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="361"/>
        <source>short {amount}</source>
        <translation>{amount} कम</translation>
    </message>
    <message>
        <location filename="../double_take.py" line="19"/>
        <source>Same consumer again?</source>
        <translation>वही उपभोक्ता फिर से?</translation>
    </message>
    <message>
        <location filename="../double_take.py" line="19"/>
        <source>Consumer {consumer} was recharged {amount} at {time} (receipt {receipt}).

Take another recharge for this consumer?</source>
        <translation>उपभोक्ता {consumer} का {time} बजे {amount} का रिचार्ज हो चुका है (रसीद {receipt})।

क्या इस उपभोक्ता का एक और रिचार्ज लें?</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="397"/>
        <source>Type the consumer number first.</source>
        <translation>पहले उपभोक्ता संख्या लिखें।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="401"/>
        <source>Not taken: consumer {consumer} was recharged at {time}.</source>
        <translation>नहीं लिया गया: उपभोक्ता {consumer} का रिचार्ज {time} बजे हो चुका है।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="439"/>
        <source>Printing the receipt…</source>
        <translation>रसीद छप रही है…</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="442"/>
        <source>Receipt {how}.</source>
        <translation>रसीद {how}।</translation>
    </message>
    <message>
        <location filename="../recharge_page.py" line="444"/>
        <source>The recharge is saved. Ctrl+P prints again.</source>
        <translation>रिचार्ज सहेजा गया है। Ctrl+P से फिर छापें।</translation>
    </message>
</context>
<context>
    <name>RejectedDialog</name>
    <message>
        <location filename="../transactions_page.py" line="352"/>
        <source>The server refused these recharges. The cash was taken: check each with the consumer and the utility, then send it again under the right consumer number, or refund the cash.</source>
        <translation>सर्वर ने ये रिचार्ज अस्वीकार किए। नकदी ली जा चुकी है: हर एक को उपभोक्ता और बिजली कंपनी से जाँचें, फिर सही उपभोक्ता संख्या से दोबारा भेजें, या नकदी लौटाएँ।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="357"/>
        <source>Right &amp;consumer no.</source>
        <translation>सही उपभोक्ता संख्या (&amp;C)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="359"/>
        <source>Send again under this number</source>
        <translation>इस संख्या से दोबारा भेजें</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="360"/>
        <source>&amp;Refund the cash</source>
        <translation>नकदी लौटाएँ (&amp;R)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="383"/>
        <source>Rejected or disputed transactions</source>
        <translation>अस्वीकृत या विवादित लेन-देन</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="405"/>
        <source>Select a rejected transaction first.</source>
        <translation>पहले कोई अस्वीकृत लेन-देन चुनें।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="426"/>
        <source>Receipt {old} sent again as {new} for consumer {consumer}.</source>
        <translation>रसीद {old} उपभोक्ता {consumer} के लिए {new} के रूप में दोबारा भेजी गई।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="433"/>
        <source>Receipt {receipt}: pay {amount} back to the consumer from the drawer.</source>
        <translation>रसीद {receipt}: दराज़ से उपभोक्ता को {amount} लौटाएँ।</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <location filename="../setup_dialog.py" line="20"/>
        <source>Set up this counter</source>
        <translation>यह काउंटर सेट करें</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="27"/>
        <source>&amp;Counter id (like MNG-01)</source>
        <translation>काउंटर आईडी (जैसे MNG-01) (&amp;C)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="28"/>
        <source>&amp;Server address</source>
        <translation>सर्वर का पता (&amp;S)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="29"/>
        <source>API &amp;token (from the server)</source>
        <translation>सर्वर से मिला टोकन (&amp;T)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="30"/>
        <source>&amp;Office name on receipts</source>
        <translation>रसीद पर कार्यालय का नाम (&amp;O)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="34"/>
        <source>First supervisor&apos;s &amp;id</source>
        <translation>पहले पर्यवेक्षक की आईडी (&amp;I)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="35"/>
        <source>Supervisor&apos;s &amp;name</source>
        <translation>पर्यवेक्षक का नाम (&amp;N)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="36"/>
        <source>Supervisor&apos;s &amp;PIN (4 to 8 digits)</source>
        <translation>पर्यवेक्षक का पिन (4 से 8 अंक) (&amp;P)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="37"/>
        <source>&amp;Repeat the PIN</source>
        <translation>पिन दोबारा (&amp;R)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="54"/>
        <source>This PC has no counter yet. Fill in what the utility&apos;s IT gave you.</source>
        <translation>इस पीसी पर अभी कोई काउंटर नहीं है। बिजली कंपनी के आईटी से मिली जानकारी भरें।</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="74"/>
        <source>The two PINs differ.</source>
        <translation>दोनों पिन अलग हैं।</translation>
    </message>
</context>
<context>
    <name>ShiftPage</name>
    <message>
        <location filename="../login_page.py" line="154"/>
        <source>Open a shift</source>
        <translation>शिफ्ट खोलें</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="156"/>
        <source>No shift is open on this counter. {name}, count the cash in the drawer and type the opening float: rupees (2000) or a count of notes (500x2,100x10).</source>
        <translation>इस काउंटर पर कोई शिफ्ट खुली नहीं है। {name}, दराज़ की नकदी गिनें और शुरुआती नकदी लिखें: रुपये (2000) या नोटों की गिनती (500x2,100x10)।</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="159"/>
        <source>Opening &amp;float</source>
        <translation>शुरुआती नकदी (&amp;F)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="160"/>
        <source>Open shift (Enter)</source>
        <translation>शिफ्ट खोलें (Enter)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="161"/>
        <source>Log out (Ctrl+L)</source>
        <translation>लॉग आउट (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../login_page.py" line="187"/>
        <source>Shift {id} opened with {amount}.</source>
        <translation>शिफ्ट {id} {amount} से खुली।</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../status_panel.py" line="46"/>
        <source>never</source>
        <translation>कभी नहीं</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="57"/>
        <source>Recharges taken here that the server has not confirmed yet. Their receipts say PROVISIONAL.</source>
        <translation>यहाँ लिए गए रिचार्ज जिनकी सर्वर ने अभी पुष्टि नहीं की। इनकी रसीदों पर &quot;अस्थायी&quot; लिखा है।</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="60"/>
        <source>✔ Nothing pending</source>
        <translation>✔ कुछ बाकी नहीं</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="62"/>
        <source>… reading queue</source>
        <translation>… कतार पढ़ रहे हैं</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="54"/>
        <source>⏳ {n} waiting to send · {total} NOT YET CREDITED · oldest {age}</source>
        <translation>⏳ {n} भेजने बाकी · {total} अभी जमा नहीं · सबसे पुराना {age}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="64"/>
        <source>⚠ {n} REJECTED · {total} · supervisor F4</source>
        <translation>⚠ {n} अस्वीकृत · {total} · पर्यवेक्षक F4</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="66"/>
        <source>The server refused these; a supervisor must deal with them (F4).</source>
        <translation>सर्वर ने इन्हें अस्वीकार किया; पर्यवेक्षक इन्हें देखें (F4)।</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="68"/>
        <source>⚠ {n} DISPUTED · {total} · supervisor F4</source>
        <translation>⚠ {n} विवादित · {total} · पर्यवेक्षक F4</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="70"/>
        <source>The server signed another outcome than a credit for these (voided or reversed by someone else?); a supervisor must look (F4).</source>
        <translation>सर्वर ने इनके लिए जमा के बजाय दूसरा नतीजा हस्ताक्षरित किया (किसी और ने रद्द या वापस किया?); पर्यवेक्षक देखें (F4)।</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="73"/>
        <source>0 rejected</source>
        <translation>0 अस्वीकृत</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="81"/>
        <source>⚠ PC clock off by {minutes} min: ask IT</source>
        <translation>⚠ पीसी की घड़ी {minutes} मिनट गलत: आईटी से कहें</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="89"/>
        <source>⚠ {n} CONFIRMED WITHOUT PROOF · {total} · supervisor F4</source>
        <translation>⚠ {n} बिना प्रमाण पुष्ट · {total} · पर्यवेक्षक F4</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="96"/>
        <source>This PC&apos;s clock differs from the server&apos;s; receipts show the PC&apos;s time.</source>
        <translation>इस पीसी की घड़ी सर्वर से अलग है; रसीदों पर पीसी का समय छपता है।</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="105"/>
        <source>↻ Syncing… </source>
        <translation>↻ सिंक हो रहा है… </translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="106"/>
        <source>last success {time}</source>
        <translation>आख़िरी सफल {time}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="111"/>
        <source>✖ Server NOT reachable at {time} · {since}</source>
        <translation>✖ {time} पर सर्वर से संपर्क नहीं · {since}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="113"/>
        <source>? Server not checked yet · {since}</source>
        <translation>? सर्वर अभी जाँचा नहीं · {since}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="118"/>
        <source>⚠ Server reachable, but sync failed · {since}</source>
        <translation>⚠ सर्वर से संपर्क है, पर सिंक विफल · {since}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="120"/>
        <source>✔ Server reachable · checked {time}</source>
        <translation>✔ सर्वर से संपर्क है · जाँच {time}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="122"/>
        <source>✖ Server NOT reachable · {since}</source>
        <translation>✖ सर्वर से संपर्क नहीं · {since}</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="157"/>
        <source>Sync now (F5)</source>
        <translation>अभी सिंक करें (F5)</translation>
    </message>
    <message>
        <location filename="../status_panel.py" line="158"/>
        <source>Send pending recharges to the server now</source>
        <translation>बाकी रिचार्ज अभी सर्वर को भेजें</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <location filename="../transactions_page.py" line="268"/>
        <source>Supervisor &amp;id</source>
        <translation>पर्यवेक्षक आईडी (&amp;I)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="268"/>
        <source>&amp;PIN</source>
        <translation>पिन (&amp;P)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="272"/>
        <source>&amp;Reason</source>
        <translation>कारण (&amp;R)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="272"/>
        <source>&amp;Note</source>
        <translation>टिप्पणी (&amp;N)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="291"/>
        <source>Supervisor</source>
        <translation>पर्यवेक्षक</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="310"/>
        <source>Type the supervisor&apos;s id.</source>
        <translation>पर्यवेक्षक की आईडी लिखें।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="313"/>
        <source>Type the supervisor&apos;s PIN.</source>
        <translation>पर्यवेक्षक का पिन लिखें।</translation>
    </message>
</context>
<context>
    <name>TransactionsModel</name>
    <message>
        <location filename="../models.py" line="33"/>
        <source>PENDING</source>
        <translation>बाकी</translation>
    </message>
    <message>
        <location filename="../models.py" line="34"/>
        <source>CONFIRMED</source>
        <translation>पुष्ट</translation>
    </message>
    <message>
        <location filename="../models.py" line="35"/>
        <source>REJECTED</source>
        <translation>अस्वीकृत</translation>
    </message>
    <message>
        <location filename="../models.py" line="36"/>
        <source>DISPUTED</source>
        <translation>विवादित</translation>
    </message>
    <message>
        <location filename="../models.py" line="37"/>
        <source>VOID</source>
        <translation>रद्द</translation>
    </message>
    <message>
        <location filename="../models.py" line="38"/>
        <source>CORRECTED</source>
        <translation>सुधारा गया</translation>
    </message>
    <message>
        <location filename="../models.py" line="39"/>
        <source>REFUNDED</source>
        <translation>लौटाया गया</translation>
    </message>
    <message>
        <location filename="../models.py" line="49"/>
        <source>The server does not know this consumer number</source>
        <translation>सर्वर को यह उपभोक्ता संख्या ज्ञात नहीं</translation>
    </message>
    <message>
        <location filename="../models.py" line="50"/>
        <source>The server refused the amount</source>
        <translation>सर्वर ने राशि अस्वीकार की</translation>
    </message>
    <message>
        <location filename="../models.py" line="51"/>
        <source>Belongs to another counter</source>
        <translation>दूसरे काउंटर का है</translation>
    </message>
    <message>
        <location filename="../models.py" line="52"/>
        <source>The signature did not verify</source>
        <translation>हस्ताक्षर की पुष्टि नहीं हुई</translation>
    </message>
    <message>
        <location filename="../models.py" line="53"/>
        <source>This counter&apos;s key is not registered</source>
        <translation>इस काउंटर की कुंजी दर्ज नहीं है</translation>
    </message>
    <message>
        <location filename="../models.py" line="54"/>
        <source>Signed with a retired key</source>
        <translation>हटाई गई कुंजी से हस्ताक्षरित</translation>
    </message>
    <message>
        <location filename="../models.py" line="55"/>
        <source>Already voided</source>
        <translation>पहले ही रद्द</translation>
    </message>
    <message>
        <location filename="../models.py" line="56"/>
        <source>The journal does not match the server&apos;s copy</source>
        <translation>जर्नल सर्वर की प्रति से मेल नहीं खाता</translation>
    </message>
    <message>
        <location filename="../models.py" line="62"/>
        <source>Refused by the server (the log has its reason)</source>
        <translation>सर्वर ने अस्वीकार किया (कारण लॉग में है)</translation>
    </message>
    <message>
        <location filename="../models.py" line="97"/>
        <source>Receipt</source>
        <translation>रसीद</translation>
    </message>
    <message>
        <location filename="../models.py" line="97"/>
        <source>Time</source>
        <translation>समय</translation>
    </message>
    <message>
        <location filename="../models.py" line="97"/>
        <source>Consumer</source>
        <translation>उपभोक्ता</translation>
    </message>
    <message>
        <location filename="../models.py" line="98"/>
        <source>Amount</source>
        <translation>राशि</translation>
    </message>
    <message>
        <location filename="../models.py" line="98"/>
        <source>Status</source>
        <translation>स्थिति</translation>
    </message>
    <message>
        <location filename="../models.py" line="99"/>
        <source>Reason</source>
        <translation>कारण</translation>
    </message>
    <message>
        <location filename="../models.py" line="99"/>
        <source>Server ref / last error</source>
        <translation>सर्वर संदर्भ / आख़िरी त्रुटि</translation>
    </message>
</context>
<context>
    <name>TransactionsPage</name>
    <message>
        <location filename="../transactions_page.py" line="132"/>
        <source>Transactions</source>
        <translation>लेन-देन</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="133"/>
        <source>&amp;Date</source>
        <translation>तारीख़ (&amp;D)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="134"/>
        <source>&amp;Show</source>
        <translation>दिखाएँ (&amp;S)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="138"/>
        <source>All</source>
        <translation>सभी</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="138"/>
        <source>Pending</source>
        <translation>बाकी</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="138"/>
        <source>Confirmed</source>
        <translation>पुष्ट</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="138"/>
        <source>Rejected</source>
        <translation>अस्वीकृत</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="139"/>
        <source>Void</source>
        <translation>रद्द</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="139"/>
        <source>Corrected</source>
        <translation>सुधारे गए</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="139"/>
        <source>Refunded</source>
        <translation>लौटाए गए</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="139"/>
        <source>Disputed</source>
        <translation>विवादित</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="142"/>
        <source>Today</source>
        <translation>आज</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="143"/>
        <source>Refresh (Ctrl+R)</source>
        <translation>ताज़ा करें (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="144"/>
        <source>Reprint (Ctrl+P)</source>
        <translation>दोबारा छापें (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="145"/>
        <source>Void… (Ctrl+Shift+V)</source>
        <translation>रद्द करें… (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="146"/>
        <source>Rejected or disputed, for the supervisor (F4)</source>
        <translation>अस्वीकृत या विवादित, पर्यवेक्षक के लिए (F4)</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="204"/>
        <source>Select a transaction first (arrow keys), then Ctrl+Shift+V.</source>
        <translation>पहले लेन-देन चुनें (तीर कुंजियाँ), फिर Ctrl+Shift+V।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="235"/>
        <source>Give the money back</source>
        <translation>पैसे वापस करें</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="183"/>
        <source>{n} shown · cash kept {total}</source>
        <translation>{n} दिखाए · रखी नकदी {total}</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="194"/>
        <source>Select a transaction first (arrow keys), then Ctrl+P.</source>
        <translation>पहले लेन-देन चुनें (तीर कुंजियाँ), फिर Ctrl+P।</translation>
    </message>
    <message>
        <location filename="../transactions_page.py" line="212"/>
        <source>Void receipt {receipt}</source>
        <translation>रसीद {receipt} रद्द करें</translation>
    </message>
</context>
<context>
    <name>WorkFeedback</name>
    <message>
        <location filename="../work_feedback.py" line="51"/>
        <source>Syncing now…</source>
        <extracomment>A drain of at least this many messages shows a progress bar in the status area.</extracomment>
        <translation>अभी सिंक हो रहा है…</translation>
    </message>
    <message>
        <location filename="../work_feedback.py" line="52"/>
        <source>A sync is running already; its result shows here when it ends.</source>
        <translation>एक सिंक पहले से चल रहा है; पूरा होने पर उसका नतीजा यहाँ दिखेगा।</translation>
    </message>
    <message>
        <location filename="../work_feedback.py" line="57"/>
        <source>Sending: {done} of {total}</source>
        <translation>भेजे जा रहे हैं: {total} में से {done}</translation>
    </message>
    <message>
        <location filename="../work_feedback.py" line="74"/>
        <source>Consumer directory: {n} received</source>
        <translation>उपभोक्ता सूची: {n} प्राप्त</translation>
    </message>
    <message>
        <location filename="../work_feedback.py" line="87"/>
        <source>Sync now: the server is not reachable ({error}). Recharges stay queued and are sent when it answers.</source>
        <translation>अभी सिंक: सर्वर से संपर्क नहीं हो रहा ({error})। रिचार्ज कतार में रहेंगे और सर्वर के जवाब देने पर भेजे जाएँगे।</translation>
    </message>
    <message>
        <location filename="../work_feedback.py" line="88"/>
        <source>no answer</source>
        <translation>कोई जवाब नहीं</translation>
    </message>
    <message>
        <location filename="../work_feedback.py" line="90"/>
        <source>Sync now: done, {n} sent.</source>
        <translation>अभी सिंक: पूरा, {n} भेजे गए।</translation>
    </message>
</context>
<context>
    <name>XReportDialog</name>
    <message>
        <location filename="../day_reports.py" line="191"/>
        <location filename="../day_reports.py" line="197"/>
        <source>X report</source>
        <translation>X रिपोर्ट</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="192"/>
        <source>Save PDF… (Ctrl+S)</source>
        <translation>PDF सहेजें… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="193"/>
        <source>Print… (Ctrl+P)</source>
        <translation>छापें… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="194"/>
        <source>Close (Esc)</source>
        <translation>बंद करें (Esc)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="199"/>
        <source>X report: shift {id} so far</source>
        <translation>X रिपोर्ट: शिफ्ट {id} अब तक</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="200"/>
        <source>Cashier {cashier} · opened {opened} · the shift stays open</source>
        <translation>कैशियर {cashier} · {opened} पर खुली · शिफ्ट खुली रहती है</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="202"/>
        <source>{n} ({first} to {last})</source>
        <translation>{n} ({first} से {last})</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="206"/>
        <source>Receipts issued</source>
        <translation>जारी रसीदें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="207"/>
        <source>Opening float</source>
        <translation>शुरुआती नकदी</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="208"/>
        <source>Cash recharges (gross)</source>
        <translation>नकद रिचार्ज (कुल)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="209"/>
        <source>Cash rounding</source>
        <translation>नकद पूर्णांकन</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="210"/>
        <source>Voids ({n}): cash given back</source>
        <translation>रद्द ({n}): लौटाई गई नकदी</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="212"/>
        <source>Refunds paid ({n})</source>
        <translation>लौटाए गए ({n})</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="214"/>
        <source>Expected in the drawer</source>
        <translation>दराज़ में होनी चाहिए</translation>
    </message>
</context>
<context>
    <name>ZReportDialog</name>
    <message>
        <location filename="../day_reports.py" line="273"/>
        <source>Close the day - Z report</source>
        <translation>दिन बंद करें - Z रिपोर्ट</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="274"/>
        <source>Business &amp;day</source>
        <translation>कारोबारी दिन (&amp;D)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="275"/>
        <source>Close the day (Enter)</source>
        <translation>दिन बंद करें (Enter)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="276"/>
        <source>Open PDF (Ctrl+O)</source>
        <translation>PDF खोलें (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="277"/>
        <source>Save a copy…</source>
        <translation>एक प्रति सहेजें…</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="278"/>
        <source>Print… (Ctrl+P)</source>
        <translation>छापें… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="279"/>
        <source>Close (Esc)</source>
        <translation>बंद करें (Esc)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="281"/>
        <source>Close the day</source>
        <translation>दिन बंद करें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="283"/>
        <source>Supervisor {supervisor}: this makes the day&apos;s Z report, once, numbered, never rewritten. Every shift of the day must be closed first; transactions the server has not credited yet are carried over and listed on the report.</source>
        <translation>पर्यवेक्षक {supervisor}: इससे दिन की Z रिपोर्ट बनती है, एक ही बार, क्रमांकित, कभी बदली नहीं जाती। पहले दिन की हर शिफ्ट बंद होनी चाहिए; जो लेन-देन सर्वर ने अभी जमा नहीं किए, वे आगे ले जाए जाते हैं और रिपोर्ट में सूचीबद्ध होते हैं।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="323"/>
        <source>The day is closed; the PDF could not be kept. &apos;counter-app report z --reprint&apos; makes it again.</source>
        <translation>दिन बंद हो गया; PDF सहेजी नहीं जा सकी। &apos;counter-app report z --reprint&apos; से दोबारा बनती है।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="326"/>
        <source>PDF kept as {path}</source>
        <translation>PDF {path} में रखी गई</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="331"/>
        <source>Z report No. {z} · {date}</source>
        <translation>Z रिपोर्ट सं. {z} · {date}</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="332"/>
        <source>Day closed by {supervisor} at {time}.</source>
        <translation>{supervisor} ने {time} पर दिन बंद किया।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="334"/>
        <source>{n} ({first} to {last})</source>
        <translation>{n} ({first} से {last})</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="340"/>
        <source>Receipts issued</source>
        <translation>जारी रसीदें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="341"/>
        <source>Shifts</source>
        <translation>शिफ्टें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="342"/>
        <source>Cash recharges (gross)</source>
        <translation>नकद रिचार्ज (कुल)</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="343"/>
        <source>Cash rounding</source>
        <translation>नकद पूर्णांकन</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="344"/>
        <source>Voids: cash given back</source>
        <translation>रद्द: लौटाई गई नकदी</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="345"/>
        <source>Refunds paid</source>
        <translation>लौटाए गए</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="346"/>
        <source>Expected in the drawers</source>
        <translation>दराज़ों में होनी चाहिए</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="347"/>
        <source>Counted</source>
        <translation>गिनी गई</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="348"/>
        <source>Variance</source>
        <translation>अंतर</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="349"/>
        <source>{amount} over</source>
        <translation>{amount} ज़्यादा</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="349"/>
        <source>{amount} short</source>
        <translation>{amount} कम</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="350"/>
        <source>none</source>
        <translation>कोई नहीं</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="352"/>
        <source>Paid at the counter, not yet credited</source>
        <translation>काउंटर पर भुगतान, अभी जमा नहीं</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="353"/>
        <source>{n} · {amount}</source>
        <translation>{n} · {amount}</translation>
    </message>
</context>
<context>
    <name>_ReportDialog</name>
    <message>
        <location filename="../day_reports.py" line="141"/>
        <source>Save the report as PDF</source>
        <translation>रिपोर्ट PDF में सहेजें</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="145"/>
        <source>Not saved: no file was chosen.</source>
        <translation>नहीं सहेजा गया: कोई फ़ाइल नहीं चुनी गई।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="154"/>
        <source>Saved as {path}</source>
        <translation>{path} में सहेजी गई</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="163"/>
        <source>Printing cancelled.</source>
        <translation>छपाई रद्द।</translation>
    </message>
    <message>
        <location filename="../day_reports.py" line="168"/>
        <source>Sent to the printer.</source>
        <translation>प्रिंटर को भेजी गई।</translation>
    </message>
</context>
</TS>
