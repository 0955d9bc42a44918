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
</context>
<context>
    <name>AppRulesTable</name>
    <message><source>Default</source><translation>默认</translation></message>
    <message><source>Window class or title contains</source><translation>窗口类名或标题包含</translation></message>
    <message><source>Paste key</source><translation>粘贴按键</translation></message>
    <message><source>Type instead</source><translation>改为逐字输入</translation></message>
    <message><source>Add rule</source><translation>添加规则</translation></message>
    <message><source>Remove rule</source><translation>删除规则</translation></message>
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
</TS>
