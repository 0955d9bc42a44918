<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ImportPreviewDialog</name>
    <message><source>Import %1</source><translation>导入 %1</translation></message>
    <message><source>Nothing has been changed yet. Importing would:</source><translation>尚未做任何更改。导入后将会：</translation></message>
    <message><source>add %1</source><translation>新增 %1 条</translation></message>
    <message><source>update %1</source><translation>更新 %1 条</translation></message>
    <message><source>leave %1 unchanged</source><translation>%1 条不变</translation></message>
    <message><source>Change</source><translation>变化</translation></message>
    <message><source>Category</source><translation>分类</translation></message>
    <message><source>Title</source><translation>标题</translation></message>
    <message><source>new</source><translation>新增</translation></message>
    <message><source>updated</source><translation>更新</translation></message>
    <message><source>unchanged</source><translation>不变</translation></message>
    <message><source>The file has errors; fix them in the file and import again. Nothing is imported while any error remains.</source><translation>文件有错误，请在文件中修正后重新导入。存在错误时不会导入任何内容。</translation></message>
    <message><source>Import</source><translation>导入</translation></message>
    <message><source>Cancel</source><translation>取消</translation></message>
    <message><source>An import cannot be undone with Ctrl+Z: check the changes above first.</source><translation>导入后无法用 Ctrl+Z 撤销：请先核对上面的变化。</translation></message>
    <message><source>This file cannot be imported:</source><translation>此文件无法导入：</translation></message>
</context>
<context>
    <name>Task</name>
    <message><source>%1 could not be imported: an unexpected error stopped it and nothing was changed. Details were written to %2.</source><translation>无法导入 %1：发生了意外错误，导入已停止，没有做任何更改。详细信息已写入 %2。</translation></message>
    <message><source>An unexpected error stopped this task; nothing was changed. Details were written to %1.</source><translation>发生了意外错误，操作已停止，没有做任何更改。详细信息已写入 %1。</translation></message>
    <message><source>another Sidekick command is writing; try again in a moment</source><translation>另一个 Sidekick 命令正在写入数据，请稍后再试（本次没有保存任何内容）</translation></message>
</context>
<context>
    <name>ImportProgress</name>
    <message><source>Importing</source><translation>正在导入</translation></message>
    <message><source>Importing phrases…</source><translation>正在导入短语…</translation></message>
    <message><source>Cancel</source><translation>取消</translation></message>
</context>
<context>
    <name>LibraryTree</name>
    <message><source>Team phrases</source><translation>团队短语</translation></message>
    <message><source>Personal phrases</source><translation>个人短语</translation></message>
    <message><source>Uncategorised</source><translation>未分类</translation></message>
</context>
<context>
    <name>LibraryWindow</name>
    <message><source>Import phrases</source><translation>导入短语</translation></message>
    <message><source>Imported %1: %2 added, %3 updated, %4 unchanged.</source><translation>已导入 %1：新增 %2 条，更新 %3 条，未变 %4 条。</translation></message>
    <message><source>Export phrases</source><translation>导出短语</translation></message>
    <message><source>Exported %1 phrase(s) to %2</source><translation>已导出 %1 条短语到 %2</translation></message>
    <message><source>new</source><translation>新增</translation></message>
    <message><source>changed</source><translation>修改</translation></message>
    <message><source>deleted</source><translation>删除</translation></message>
    <message><source>category</source><translation>分类</translation></message>
    <message><source>Pending team changes: %1</source><translation>待发布的团队更改：%1</translation></message>
    <message><source>Not saved: the reply has placeholders Sidekick does not know.</source><translation>未保存：回复中有无法识别的占位符。</translation></message>
    <message><source>Save 「%1」</source><translation>保存「%1」</translation></message>
    <message><source>Delete %1 phrase(s)</source><translation>删除 %1 条短语</translation></message>
    <message><source>Deleted %1 phrase(s). Ctrl+Z brings them back.</source><translation>已删除 %1 条短语，按 Ctrl+Z 可恢复。</translation></message>
    <message><source>Move %1 phrase(s)</source><translation>移动 %1 条短语</translation></message>
    <message><source>Copy %1 phrase(s) to personal</source><translation>复制 %1 条短语到个人</translation></message>
    <message><source>Copied to your personal phrases › %1</source><translation>已复制到个人短语 › %1</translation></message>
    <message><source>Reorder 「%1」</source><translation>调整「%1」的顺序</translation></message>
    <message><source>「%1」 is already a subcategory: categories have two levels at most (category › subcategory).</source><translation>「%1」已经是子分类：分类最多两级（分类 › 子分类），不能再往下建。</translation></message>
    <message><source>Select a category first; the subcategory goes under it.</source><translation>请先选中一个一级分类，子分类会建在它下面。</translation></message>
    <message><source>New category</source><translation>新分类</translation></message>
    <message><source>New category 「%1」</source><translation>新建分类「%1」</translation></message>
    <message><source>Rename 「%1」</source><translation>重命名「%1」</translation></message>
    <message><source>Delete category 「%1」</source><translation>删除分类「%1」</translation></message>
    <message><source>Deleted 「%1」 and its phrases. Ctrl+Z brings them back.</source><translation>已删除「%1」及其中的短语，按 Ctrl+Z 可恢复。</translation></message>
    <message><source>Move category</source><translation>移动分类</translation></message>
    <message><source>Phrase library — Sidekick</source><translation>短语库 — Sidekick</translation></message>
    <message><source>Publish to team</source><translation>发布到团队</translation></message>
    <message><source>Filter: Chinese, pinyin, initials or code (Ctrl+F)</source><translation>筛选：中文、拼音、首字母或短码 (Ctrl+F)</translation></message>
    <message><source>Ending within %1 days</source><translation>%1 天内到期</translation></message>
    <message><source>Undo</source><translation>撤销</translation></message>
    <message><source>Redo</source><translation>重做</translation></message>
    <message><source>Undo: %1</source><translation>撤销：%1</translation></message>
    <message><source>Redo: %1</source><translation>重做：%1</translation></message>
    <message><source>New phrase</source><translation>新建短语</translation></message>
    <message><source>New subcategory</source><translation>新建子分类</translation></message>
    <message><source>Save</source><translation>保存</translation></message>
    <message><source>Filter</source><translation>筛选</translation></message>
    <message><source>Rename category</source><translation>重命名分类</translation></message>
    <message><source>Delete category</source><translation>删除分类</translation></message>
    <message><source>Move category up</source><translation>分类上移</translation></message>
    <message><source>Move category down</source><translation>分类下移</translation></message>
    <message><source>Rename phrase</source><translation>修改标题</translation></message>
    <message><source>Delete phrases</source><translation>删除短语</translation></message>
    <message><source>Move phrase up</source><translation>短语上移</translation></message>
    <message><source>Move phrase down</source><translation>短语下移</translation></message>
    <message><source>Copy to personal</source><translation>复制到个人</translation></message>
    <message><source>Import…</source><translation>导入…</translation></message>
    <message><source>Export…</source><translation>导出…</translation></message>
    <message><source>&amp;File</source><translation>文件(&amp;F)</translation></message>
    <message><source>&amp;Edit</source><translation>编辑(&amp;E)</translation></message>
    <message><source>&amp;Team</source><translation>团队(&amp;T)</translation></message>
    <message><source>Library</source><translation>短语库</translation></message>
    <message><source>The team library is read-only for agents; copy a phrase to your personal library to change it.</source><translation>团队短语对客服只读；如需修改，请先复制到个人短语。</translation></message>
    <message><source>Your hub account is an agent account.</source><translation>您的团队账号是客服账号。</translation></message>
    <message><source>Your role on the team hub is not known yet (connect to the hub).</source><translation>尚未获知您在团队中的角色（请先连接团队服务器）。</translation></message>
    <message><source>🔒 The team library is kept by your team lead and is read-only here. %1 Use “Copy to personal” (Ctrl+Shift+C) to make your own version.</source><translation>🔒 团队短语由组长统一维护，在这里只能查看。%1 可用「复制到个人」(Ctrl+Shift+C) 做一份自己的版本。</translation></message>
    <message><source>Team edits are saved as pending changes; “Publish to team” sends them to every agent.</source><translation>对团队短语的修改会先保存为待发布更改，点「发布到团队」后同步给所有客服。</translation></message>
    <message><source>Import cancelled: nothing was changed.</source><translation>已取消导入：没有做任何更改。</translation></message>
    <message><source>Restored your unsaved draft of 「%1」. Save it (Ctrl+S) or discard it.</source><translation>已恢复「%1」未保存的草稿。请保存（Ctrl+S）或放弃。</translation></message>
    <message><source>The phrase 「%1」 has unsaved changes.</source><translation>短语「%1」有未保存的修改。</translation></message>
    <message><source>new phrase</source><translation>新短语</translation></message>
    <message><source>Unsaved changes</source><translation>未保存的修改</translation></message>
    <message><source>Discard</source><translation>放弃修改</translation></message>
    <message><source>No team hub is set up: the team library is kept on this computer only</source><translation>未设置团队中心：团队短语库只保存在这台电脑上</translation></message>
    <message><source>Connect to a team hub…</source><translation>连接团队中心…</translation></message>
    <message><source>Connect to a team hub</source><translation>连接团队中心</translation></message>
    <message><source>A team hub shares the team library: your lead publishes, every agent receives.

Ask your lead for the hub address and your user name, then run once:
sidekick hub connect postgresql://HOST:5432/SHOP --user NAME

and restart Sidekick. Until then the team library is edited on this computer only.</source><translation>团队中心用来共享团队短语库：组长发布，每位客服自动收到。

请向组长要团队中心地址和你的用户名，然后运行一次：
sidekick hub connect postgresql://HOST:5432/SHOP --user NAME

再重启 Sidekick。在此之前，团队短语库只在这台电脑上编辑。</translation></message>
</context>
<context>
    <name>PhraseEditor</name>
    <message><source>short code, e.g. kd</source><translation>短码，例如 kd</translation></message>
    <message><source>what agents search for</source><translation>标题：客服搜索时看到的名字</translation></message>
    <message><source>The reply. Placeholders such as {买家} are filled in when pasting.</source><translation>回复内容。{买家} 等占位符会在粘贴时自动填入。</translation></message>
    <message><source>Insert an emoji</source><translation>插入表情</translation></message>
    <message><source>{ } Placeholder</source><translation>{ } 占位符</translation></message>
    <message><source>From</source><translation>生效</translation></message>
    <message><source>Until</source><translation>失效</translation></message>
    <message><source>Save (Ctrl+S)</source><translation>保存 (Ctrl+S)</translation></message>
    <message><source>Code</source><translation>短码</translation></message>
    <message><source>Title</source><translation>标题</translation></message>
    <message><source>Preview (sample values)</source><translation>预览（示例数据）</translation></message>
    <message><source>Not saved: fix the placeholders first, or they would be pasted to the buyer as typed.</source><translation>未保存：请先修正占位符，否则会原样粘贴给买家。</translation></message>
    <message><source>(empty)</source><translation>（空）</translation></message>
    <message><source>%1 characters</source><translation>%1 字</translation></message>
    <message><source>Uncategorised</source><translation>未分类</translation></message>
    <message><source>New phrase in %1</source><translation>新建短语 · %1</translation></message>
    <message><source>Editing 「%1」</source><translation>编辑「%1」</translation></message>
    <message><source>Placeholder</source><translation>占位符</translation></message>
    <message><source>● Unsaved changes</source><translation>● 未保存</translation></message>
</context>
<context>
    <name>PhraseModel</name>
    <message><source>active</source><translation>生效中</translation></message>
    <message><source>ends soon</source><translation>即将到期</translation></message>
    <message><source>not yet</source><translation>未开始</translation></message>
    <message><source>expired</source><translation>已过期</translation></message>
    <message><source>Code</source><translation>短码</translation></message>
    <message><source>Title</source><translation>标题</translation></message>
    <message><source>Reply</source><translation>回复内容</translation></message>
    <message><source>Category</source><translation>分类</translation></message>
    <message><source>Validity</source><translation>有效期</translation></message>
</context>
<context>
    <name>StylePanel</name>
    <message><source>Suggestion: %1</source><translation>建议：%1</translation></message>
    <message><source>Fix</source><translation>一键修正</translation></message>
    <message><source>Replace 「%1」 with 「%2」</source><translation>把「%1」改为「%2」</translation></message>
    <message><source>ui-language</source><translation>zh</translation></message>
</context>
<context>
    <!-- the 买家问法 tab -->
    <name>PhraseEditor</name>
    <message><source>Reply</source><translation>回复</translation></message>
    <message><source>Buyer questions</source><translation>买家问法</translation></message>
</context>
<context>
    <!-- the 买家问法 tab -->
    <name>QuestionsTab</name>
    <message><source>Accept</source><translation>采纳</translation></message>
    <message><source>Accepted questions are saved with the phrase; with a team hub they are published with your other team changes.</source><translation>采纳的问法随短语一起保存；连接团队中心时，会和你其他的团队改动一起发布。</translation></message>
    <message><source>Add</source><translation>添加</translation></message>
    <message><source>Automatic</source><translation>自动</translation></message>
    <message><source>Automatic: %1</source><translation>自动关联：%1</translation></message>
    <message><source>Automatic: %1 (no title of its own: suggest mode also reads the meaning of its opening, so its links there may differ)</source><translation>自动关联：%1（这条没有自己的标题：建议模式还会读回复开头的意思，那里的关联可能与此不同）</translation></message>
    <message><source>Choose an intent…</source><translation>选择意图……</translation></message>
    <message><source>Dismiss</source><translation>忽略</translation></message>
    <message><source>How buyers ask for this reply, one question per line. Suggest mode matches a buyer's message against them.</source><translation>买家会怎么问到这条回复，每行一个问法。建议模式会拿买家消息和这些问法比对。</translation></message>
    <message><source>Intents</source><translation>意图</translation></message>
    <message><source>Proposed from suggest mode</source><translation>建议模式提议的问法</translation></message>
    <message><source>Remove</source><translation>移除</translation></message>
    <message><source>Remove (Del)</source><translation>删除 (Del)</translation></message>
    <message><source>Set</source><translation>指定</translation></message>
    <message><source>Set by hand (the automatic link is not used):</source><translation>手动指定（不使用自动关联）：</translation></message>
    <message><source>Proposed by %1</source><translation>由 %1 提议</translation></message>
    <message><source>Only a lead can add these proposals to the team phrase: they go to your lead with the next sync. To keep one for yourself, copy the phrase to your personal library.</source><translation>只有组长能把这些提议加进团队短语：下次同步时会发给组长。想自己留着用，可以把短语复制到个人库。</translation></message>
    <message><source>Type or paste buyer questions, one per line; Enter adds them</source><translation>输入或粘贴买家问法，每行一个；按 Enter 添加</translation></message>
    <message><source>none found yet</source><translation>暂未找到</translation></message>
</context>
<context>
    <name>ExchangeActions</name>
    <message><source>Phrases (%1)</source><translation>短语文件 (%1)</translation></message>
    <message><source>All files (*)</source><translation>所有文件 (*)</translation></message>
</context>
</TS>
