<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<!-- Messages of the storage (sidekick/db) and the command line's words around them: sidekick.core.messages.Message templates, in the Messages context of reader.ts. -->
<context>
    <name>Messages</name>
    <message><source>there is no database at %1 to back up</source><translation>%1 没有可备份的数据库</translation></message>
    <message><source>the database %1 is damaged (%2), so a copy of it would not be a good backup; nothing was written and no backup was removed. Run `sidekick doctor`, then `sidekick restore --latest`</source><translation>数据库 %1 已损坏（%2），它的副本不会是可用的备份；没有写入任何内容，也没有删除任何备份。请运行 `sidekick doctor`，然后运行 `sidekick restore --latest`</translation></message>
    <message><source>%1 does not exist</source><translation>%1 不存在</translation></message>
    <message><source>%1 is an unfinished backup (it was interrupted); choose a complete one</source><translation>%1 是未完成的备份（过程被中断了）；请选择一个完整的备份</translation></message>
    <message><source>%1 is damaged (integrity check failed: %2)</source><translation>%1 已损坏（完整性检查未通过：%2）</translation></message>
    <message><source>%1 is not a Sidekick backup (its tables are missing)</source><translation>%1 不是 Sidekick 备份（缺少数据表）</translation></message>
    <message><source>the copy written to %1 did not check out (%2); nothing was kept</source><translation>写入 %1 的副本未通过检查（%2）；没有保留任何内容</translation></message>
    <message><source>%1 could not be written: %2</source><translation>无法写入 %1：%2</translation></message>
    <message><source>%1 is not a Sidekick backup (not an SQLite database)</source><translation>%1 不是 Sidekick 备份（不是 SQLite 数据库）</translation></message>
    <message><source>%1 cannot be read: %2</source><translation>无法读取 %1：%2</translation></message>
    <message><source>the disk is full: %1 was not written (nothing half-written was left). Free some space in %2 and try again</source><translation>磁盘已满：没有写入 %1（没有留下写了一半的文件）。请在 %2 腾出一些空间后重试</translation></message>
    <message><source>the restore failed (%1); the database is unchanged</source><translation>恢复失败（%1）；数据库没有改动</translation></message>
    <message><source>the disk is full: the restore was not done and the database is unchanged. Free some space and try again</source><translation>磁盘已满：没有进行恢复，数据库没有改动。请腾出一些空间后重试</translation></message>
    <message><source>another Sidekick command is writing; try again in a moment</source><translation>另一个 Sidekick 命令正在写入；请稍后再试</translation></message>
    <message><source>does not exist</source><translation>不存在</translation></message>
    <message><source>is empty (0 bytes)</source><translation>是空的（0 字节）</translation></message>
    <message><source>run `sidekick restore --latest` to put back the newest good backup (%1); the damaged file is kept aside</source><translation>运行 `sidekick restore --latest` 可恢复最新的可用备份（%1）；损坏的文件会另外保留</translation></message>
    <message><source>no good backup was found; move the file away to start with an empty library, or restore a backup you keep elsewhere with `sidekick restore FILE`</source><translation>没有找到可用的备份；把这个文件移走即可从空库开始，或用 `sidekick restore FILE` 恢复你保存在别处的备份</translation></message>
    <message><source>the database %1 %2; it was left untouched. %3</source><translation>数据库 %1 %2；它没有被改动。%3</translation></message>
    <message><source>is not an SQLite database</source><translation>不是 SQLite 数据库</translation></message>
    <message><source>cannot be read (%1)</source><translation>无法读取（%1）</translation></message>
    <message><source>the file %1</source><translation>文件%1</translation></message>
    <message><source>the checked copy of %1 changed before it was written; nothing was imported</source><translation>%1 已检查的副本在写入前被改动了；没有导入任何内容</translation></message>
    <message><source>%1 was changed or replaced during the import; nothing was imported. Import it again once it is complete</source><translation>%1 在导入过程中被改动或替换；没有导入任何内容。请在它完整后重新导入</translation></message>
    <message><source>%1 changed while it was being read; nothing was imported. Import it again once the program writing it has finished</source><translation>%1 在读取时发生了变化；没有导入任何内容。请等写入它的程序完成后重新导入</translation></message>
    <message><source>a category needs a name</source><translation>分类需要一个名称</translation></message>
    <message><source>a category named 「%1」 already exists here</source><translation>这里已有名为「%1」的分类</translation></message>
    <message><source>「%1」 still has subcategories; delete or move them first</source><translation>「%1」下还有子分类；请先删除或移走它们</translation></message>
    <message><source>「%1」 still holds %2 phrases; move or delete them first</source><translation>「%1」中还有 %2 条短语；请先移走或删除它们</translation></message>
    <message><source>that category no longer exists</source><translation>该分类已不存在</translation></message>
    <message><source>the parent category no longer exists</source><translation>上级分类已不存在</translation></message>
    <message><source>「%1」 is already a subcategory: categories have two levels at most (category › subcategory)</source><translation>「%1」已经是子分类：分类最多两级（分类 › 子分类）</translation></message>
    <message><source>categories have two levels at most (category › subcategory)</source><translation>分类最多两级（分类 › 子分类）</translation></message>
    <message><source>「%1」 has subcategories, so it cannot become a subcategory itself</source><translation>「%1」下有子分类，所以它自己不能成为子分类</translation></message>
    <message><source>unknown library id %1</source><translation>未知的短语库编号 %1</translation></message>
    <message><source>a phrase needs a title or a body</source><translation>短语需要标题或正文</translation></message>
    <message><source>the phrase's validity ends before it starts</source><translation>短语的有效期结束时间早于开始时间</translation></message>
    <message><source>the code %1 is already used by 「%2」 in the %3 library</source><translation>编码 %1 已被%3库中的「%2」使用</translation></message>
    <message><source>team</source><translation>团队</translation></message>
    <message><source>personal</source><translation>个人</translation></message>
    <message><source>a product needs a title</source><translation>商品需要一个标题</translation></message>
    <message><source>a product cannot be related to itself</source><translation>商品不能与自己关联</translation></message>
    <message><source>related product %1 does not exist</source><translation>关联的商品 %1 不存在</translation></message>
    <message><source>product %1 is listed twice as %2</source><translation>商品 %1 作为 %2 被列了两次</translation></message>
    <message><source>the team library on this machine is the team hub's copy and is read-only here: only a lead changes it (and publishes). Put your own replies in the personal library.</source><translation>本机的团队库是团队中心的副本，在这里只读：只有组长可以修改（并发布）。你自己的回复请放在个人库中。</translation></message>
    <message><source>the team library on this machine is the team hub's copy; it stays read-only until the hub has confirmed this login is a lead (run `sidekick hub status` once the hub is reachable).</source><translation>本机的团队库是团队中心的副本；在团队中心确认此登录是组长之前一直只读（团队中心可以连上后运行 `sidekick hub status`）。</translation></message>
    <message><source>%1 was not imported (%2); the database is unchanged</source><translation>%1 没有导入（%2）；数据库没有改动</translation></message>
    <message><source>%1 was not imported: %2</source><translation>%1 没有导入：%2</translation></message>
    <message><source>the database is damaged (%1); nothing was changed. `sidekick doctor` says more; `sidekick restore --latest` puts back the newest good backup</source><translation>数据库已损坏（%1）；没有做任何改动。`sidekick doctor` 会给出更多信息；`sidekick restore --latest` 可恢复最新的可用备份</translation></message>
    <message><source>the disk is full; nothing was changed. Free some space and try again</source><translation>磁盘已满；没有做任何改动。请腾出一些空间后重试</translation></message>
    <message><source>phrase 「%1」</source><translation>短语「%1」</translation></message>
    <message><source>phrase #%1 「%2」</source><translation>第 %1 条短语「%2」</translation></message>
    <message><source>code %1 is already used by 「%2」 in the %3 library; change one of the codes</source><translation>编码 %1 已被%3库中的「%2」使用；请修改其中一个编码</translation></message>
    <message><source>code %1 is used twice in the %2 library: %3 and %4</source><translation>编码 %1 在%2库中用了两次：%3和%4</translation></message>
    <message><source>product 「%1」</source><translation>商品「%1」</translation></message>
    <message><source>id %1 is used by %2 and %3</source><translation>id %1 同时用于%2和%3</translation></message>
    <message><source>「%1」: %2</source><translation>「%1」：%2</translation></message>
    <message><source>%1 %2: no product with this item id in the file or in Sidekick</source><translation>%1 %2：文件和 Sidekick 中都没有这个商品 ID 的商品</translation></message>
    <message><source>%1 %2: a product cannot be related to itself</source><translation>%1 %2：商品不能与自己关联</translation></message>
    <message><source>%1 %2 is listed twice</source><translation>%1 %2 列了两次</translation></message>
    <message><source>more than 10000 problems; stopped checking</source><translation>问题超过 10000 个；已停止检查</translation></message>
    <message><source>pairing</source><translation>搭配</translation></message>
    <message><source>substitute</source><translation>替代</translation></message>
</context>
</TS>
