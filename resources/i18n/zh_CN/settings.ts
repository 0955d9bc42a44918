<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SettingsDialog</name>
    <message><source>Sidekick settings</source><translation>Sidekick 设置</translation></message>
    <message><source>Agent name {客服}</source><translation>客服昵称 {客服}</translation></message>
    <message><source>Shop name {店铺}</source><translation>店铺名称 {店铺}</translation></message>
    <message><source>Language</source><translation>界面语言</translation></message>
    <message><source>Hotkey</source><translation>快捷键</translation></message>
    <message><source>Paste mode</source><translation>粘贴方式</translation></message>
    <message><source>Paste key</source><translation>粘贴按键</translation></message>
    <message><source>Wait for the chat window to take focus</source><translation>等待聊天窗口获得焦点</translation></message>
    <message><source>Wait for the hotkey keys to be released</source><translation>等待松开快捷键</translation></message>
    <message><source>Restore the clipboard at the latest after</source><translation>最迟多久后恢复剪贴板</translation></message>
    <message><source>Quiet time before restoring the clipboard</source><translation>恢复剪贴板前的静默时间</translation></message>
    <message><source>e.g. 小棉</source><translation>例如：小棉</translation></message>
    <message><source>e.g. 青棉小筑旗舰店</source><translation>例如：青棉小筑旗舰店</translation></message>
    <message><source>Start Sidekick when I log in</source><translation>登录系统时自动启动 Sidekick</translation></message>
    <message><source>Show the product card when I copy a product link</source><translation>复制商品链接时显示商品卡片</translation></message>
    <message><source>Paste through the clipboard (recommended)</source><translation>通过剪贴板粘贴（推荐）</translation></message>
    <message><source>Type key by key (for windows that block paste)</source><translation>逐字输入（用于禁止粘贴的窗口）</translation></message>
    <message><source>Timing (milliseconds)</source><translation>时间设置（毫秒）</translation></message>
    <message><source>Some chat windows need another paste key or block paste. A rule applies when the window&apos;s class or title contains the text in the first column.</source><translation>有些聊天窗口需要换一个粘贴按键，或者禁止粘贴。当窗口类名或标题包含第一列的文字时，该规则生效。</translation></message>
    <message><source>General</source><translation>常规</translation></message>
    <message><source>Hotkey and paste</source><translation>快捷键与粘贴</translation></message>
    <message><source>Applications</source><translation>应用规则</translation></message>
    <message><source>OK</source><translation>确定</translation></message>
    <message><source>Apply</source><translation>应用</translation></message>
    <message><source>Cancel</source><translation>取消</translation></message>
    <message><source>Products</source><translation>商品</translation></message>
    <message><source>Recommendation template</source><translation>推荐话术模板</translation></message>
    <message><source>Product link patterns</source><translation>商品链接识别规则</translation></message>
</context>
<context>
    <name>RecommendTemplateEdit</name>
    <message><source>ui-language</source><translation>zh</translation></message>
    <message><source>The template is empty: a recommendation would paste only the note.</source><translation>模板是空的：推荐时只会粘贴推荐语。</translation></message>
    <message><source>Insert</source><translation>插入</translation></message>
    <message><source>Insert a placeholder at the cursor</source><translation>在光标处插入占位符</translation></message>
    <message><source>{商品.标题}, {商品.价格} and {商品.链接} are filled from the product, {商品.材质} and other knowledge fields too. {推荐语} is the note: a pairing&apos;s reason or what you typed; without it the note goes in front.</source><translation>{商品.标题}、{商品.价格}、{商品.链接} 以及 {商品.材质} 等知识字段会按商品填入。{推荐语} 是推荐理由（搭配关系里写的说明，或您输入的话）；模板里没有它时，推荐语放在最前面。</translation></message>
    <message><source>Preview for a sample product, with the note 「%1」:</source><translation>预览（示例商品，推荐语为「%1」）：</translation></message>
</context>
<context>
    <name>LinkPatternsEdit</name>
    <message><source>ui-language</source><translation>zh</translation></message>
    <message><source>Line %1: not a valid regular expression (near character %2).</source><translation>第 %1 行：正则表达式写得不对（在第 %2 个字符附近）。</translation></message>
    <message><source>Line %1: no group marks the item id; put parentheses around it, e.g. [?&amp;]id=(\d+)</source><translation>第 %1 行：没有用括号标出商品编号，请把编号部分放进括号，例如 [?&amp;]id=(\d+)</translation></message>
    <message><source>Line %1: this pattern cannot be used.</source><translation>第 %1 行：这条规则无法使用。</translation></message>
    <message><source>When link detection is on, a copied link matching one of these regular expressions shows that product&apos;s card. One pattern per line; the part in parentheses is the item id.</source><translation>开启链接识别后，复制的链接符合下面任意一条正则表达式时，会显示对应商品的卡片。每行一条规则，括号里的部分是商品编号。</translation></message>
    <message><source>Reset to the built-in patterns</source><translation>恢复内置规则</translation></message>
</context>
<context>
    <name>AppRulesTable</name>
    <message><source>Default</source><translation>默认</translation></message>
    <message><source>Window class or title contains</source><translation>窗口类名或标题包含</translation></message>
    <message><source>Paste key</source><translation>粘贴按键</translation></message>
    <message><source>Type instead</source><translation>改为逐字输入</translation></message>
    <message><source>Add rule</source><translation>添加规则</translation></message>
    <message><source>Remove rule</source><translation>删除规则</translation></message>
    <message><source>Buyer from title (regex)</source><translation>从标题读买家（正则）</translation></message>
    <message><source>A regular expression over the chat window's title; its first group (or a group named buyer) is the buyer's nickname for {买家}, e.g. ^(.+?) - </source><translation>匹配聊天窗口标题的正则表达式；第一个分组（或名为 buyer 的分组）就是 {买家} 的昵称，例如 ^(.+?) - </translation></message>
</context>
<context>
    <name>HotkeyEdit</name>
    <message><source>No hotkey: click the field and press the keys you want.</source><translation>还没有快捷键：点击输入框，然后按下想用的组合键。</translation></message>
    <message><source>A key without Ctrl, Alt or Win would fire while you type in the chat; add a modifier.</source><translation>不带 Ctrl、Alt 或 Win 的按键在聊天打字时会误触发，请加上修饰键。</translation></message>
    <message><source>Shift with a letter is just a capital letter; use Ctrl or Alt.</source><translation>Shift 加字母只是大写字母，请使用 Ctrl 或 Alt。</translation></message>
    <message><source>This combination copies, pastes, sends or switches windows; taking it would break that everywhere.</source><translation>这个组合键用于复制、粘贴、发送或切换窗口，占用后这些功能在所有程序里都会失效。</translation></message>
    <message><source>This key cannot be used in a hotkey; try a letter, digit, F-key or Space.</source><translation>这个键不能用作快捷键，请换成字母、数字、F 键或空格。</translation></message>
    <message><source>Click the field and press the new combination, e.g. Ctrl+Alt+Space. If another program already uses it, Sidekick tells you at once and keeps the old one.</source><translation>点击输入框后按下新的组合键，例如 Ctrl+Alt+Space。如果已被其他程序占用，Sidekick 会立即提示并保留原来的快捷键。</translation></message>
    <message><source>Press the new hotkey</source><translation>请按下新的快捷键</translation></message>
</context>
<context>
    <!-- suggest mode -->
    <name>SettingsDialog</name>
    <message><source>Keep local usage statistics for Insights (which reply, when, how it was found; never any text)</source><translation>在本机保留使用统计，用于“统计”窗口（用了哪条回复、何时、怎么找到的；从不记录任何文字）</translation></message>
    <message><source>Also keep the words of searches that found nothing (only I see them; otherwise only a count per day)</source><translation>同时保留没有结果的搜索词（仅自己可见；不勾选则只记每天的次数）</translation></message>
    <message><source>Clear usage statistics…</source><translation>清除使用统计…</translation></message>
    <message><source>Team usage: every agent's Sidekick sends its daily counts per reply to the hub (a shop setting; only a lead can change it)</source><translation>团队用量：每位客服的 Sidekick 每天把每条回复的使用次数发送到团队服务器（店铺设置，只有主管可以更改）</translation></message>
    <message><source>Your shop shares usage with its leads. Once a day, Sidekick sends the hub, for each reply you used on a finished day: the day, the reply's id, how many times you used it and how many of those came from a suggestion. Never any text, no times of day, no searches. The shop's leads can read these counts; other agents cannot. Switching off local statistics above also stops it.</source><translation>本店已开启向主管共享用量。Sidekick 每天一次向团队服务器发送：你在已结束的某一天用过的每条回复的日期、回复编号、使用次数，以及其中来自推荐的次数。从不发送任何文字、具体时刻或搜索内容。只有本店主管能看到这些次数，其他客服看不到。关闭上面的本机使用统计也会停止发送。</translation></message>
    <message><source>See what is sent…</source><translation>查看发送内容…</translation></message>
    <message><source>Clear usage statistics</source><translation>清除使用统计</translation></message>
    <message><source>Delete the recorded uses and no-result searches from this computer? The popup's ranking by use is kept.</source><translation>要从本机删除已记录的使用情况和无结果搜索吗？弹窗按使用频率的排序会保留。</translation></message>
    <message><source>Learn buyer questions: add the buyer's message (masked) to my personal phrase I pasted for it</source><translation>学习买家问法：把买家消息（脱敏后）加到我为它粘贴的私人短语</translation></message>
    <message><source>Propose buyer questions for team phrases (the lead accepts them in the library's Buyer questions tab)</source><translation>为团队短语提议买家问法（组长在短语库的“买家问法”页采纳）</translation></message>
    <message><source>Suggest hotkey (replies to the selected buyer message)</source><translation>建议快捷键（回复选中的买家消息）</translation></message>
    <message><source>The suggest hotkey must differ from the popup's hotkey.</source><translation>建议快捷键不能与弹窗快捷键相同。</translation></message>
    <message><source>Set by the team lead on the team hub for the whole team; read-only here.</source><translation>由组长在团队中心为全队设置，在这里只能查看。</translation></message>
</context>
<context>
    <name>SentUsageDialog</name>
    <message><source>Usage counts sent to the hub</source><translation>已发送到团队服务器的用量</translation></message>
    <message><source>The last sending: %1 rows for %2 days. The first four columns are everything it contained (the hub adds your login name); the reply's title is shown here only, it is not sent.</source><translation>最近一次发送：%2 天共 %1 行。前四列就是发送的全部内容（登录名由团队服务器自动加上）；回复标题只在这里显示，不会发送。</translation></message>
    <message><source>Reply (shown here only)</source><translation>回复（仅在此显示）</translation></message>
    <message><source>Nothing has been sent from this computer yet.</source><translation>本机还没有发送过任何内容。</translation></message>
    <message><source>Day</source><translation>日期</translation></message>
    <message><source>Reply id</source><translation>回复编号</translation></message>
    <message><source>Uses</source><translation>次数</translation></message>
    <message><source>Found by suggestion</source><translation>来自推荐</translation></message>
    <message><source>Close</source><translation>关闭</translation></message>
</context>
</TS>
